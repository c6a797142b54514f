// @ts-check
// The OAuth round trip of the demo. Against an emulator the consent page approves at once, so the
// demo follows the redirect itself; against a real platform it prints the authorization URL and
// waits for the browser to come back to a local callback server on the redirect URI.
import { createServer } from "node:http";

/**
 * Connects an account. A v1 provider (YouTube) returns its first account's connection; a provider
 * still on the contract before v1 (TikTok, for now) returns its tokens.
 * @param {any} provider
 * @param {{ scopes: string[]; redirectUri: string; emulated: boolean; log: (line: string) => void }} options
 * @returns {Promise<{ tokens: import("@postkit/core").TokenSet; connection: any }>}
 */
export async function connect(provider, { scopes, redirectUri, emulated, log }) {
  const login = await provider.createAuthorizationUrl({ scopes });
  const callback = emulated
    ? await approveOnEmulator(login.url)
    : await waitForBrowser(login.url, redirectUri, log);
  if (provider.specificationVersion === "v1") {
    const { tokens, accounts } = await provider.connect(callback, login.session);
    return { tokens, connection: accounts[0] };
  }
  const tokens = await provider.handleCallback(callback, {
    state: login.state,
    codeVerifier: login.codeVerifier,
  });
  return { tokens, connection: tokens };
}

/** The emulator's consent page answers with a redirect to the app's callback: follow it by hand. */
async function approveOnEmulator(/** @type {URL} */ url) {
  const response = await fetch(url, { redirect: "manual" });
  const location = response.headers.get("location");
  if (response.status !== 302 || !location) throw new Error(`unexpected consent answer ${response.status}`);
  return location;
}

/** Serves the redirect URI on localhost until the browser arrives with the code. */
function waitForBrowser(
  /** @type {URL} */ url,
  /** @type {string} */ redirectUri,
  /** @type {(line: string) => void} */ log,
) {
  const target = new URL(redirectUri);
  return new Promise((resolve, reject) => {
    const server = createServer((request, response) => {
      const callback = new URL(request.url ?? "/", redirectUri);
      if (callback.pathname !== target.pathname) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { "content-type": "text/plain" }).end("Connected. You can close this tab.");
      server.close();
      resolve(callback.toString());
    });
    server.on("error", reject);
    server.listen(Number(target.port || 80), target.hostname, () => {
      log(`Open this URL in a browser to connect the account:\n  ${url}`);
    });
  });
}
