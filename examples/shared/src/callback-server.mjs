// @ts-check
// A one-shot local callback server for command-line apps: it listens on the redirect URI's host
// and port, answers the browser when it comes back from the consent page, and hands over the
// callback URL for `provider.connect`. A real platform's app must register that redirect URI.
import { createServer } from "node:http";
import { approveConsent } from "./consent.mjs";

/**
 * @param {string} redirectUri
 * @param {{ signal?: AbortSignal }} [options]
 * @returns {Promise<{ callback: Promise<string>; close(): void }>}
 */
export async function listenForCallback(redirectUri, options = {}) {
  const target = new URL(redirectUri);
  /** @type {(url: string) => void} */
  let resolve = () => {};
  /** @type {(error: unknown) => void} */
  let reject = () => {};
  /** @type {Promise<string>} */
  const callback = new Promise((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", redirectUri);
    if (url.pathname !== target.pathname) {
      response.writeHead(404).end();
      return;
    }
    response
      .writeHead(200, { "content-type": "text/plain; charset=utf-8", connection: "close" })
      .end("Connected. You can close this tab.");
    server.close();
    resolve(url.toString());
  });
  const close = () => {
    server.close();
    server.closeAllConnections();
  };
  options.signal?.addEventListener("abort", () => {
    close();
    reject(options.signal?.reason);
  });
  const port = Number(target.port || (target.protocol === "https:" ? 443 : 80));
  await new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, target.hostname, () => ok(undefined));
  });
  return { callback, close };
}

/**
 * Connects one platform from the command line: serves its redirect URI locally, prints the
 * authorization URL, and waits for the browser to come back. On the emulator it approves the
 * consent page itself and delivers the redirect to the same local server.
 * @param {import("./index.d.mts").ExamplePlatform} platform
 * @param {{ log?: (line: string) => void; signal?: AbortSignal }} [options]
 * @returns {Promise<import("@postkit/core").ConnectResult>}
 */
export async function connectPlatform(platform, options = {}) {
  const log = options.log ?? ((line) => console.log(line));
  const { url, session } = await platform.provider.createAuthorizationUrl({ scopes: platform.scopes });
  const listener = await listenForCallback(platform.redirectUri, { signal: options.signal });
  try {
    log(`Open this URL in a browser to connect ${platform.name}:\n  ${url}`);
    if (platform.emulated) {
      log("  (the emulator's consent page approves by itself)");
      const redirect = await approveConsent(url);
      const delivered = await fetch(redirect);
      await delivered.body?.cancel();
    }
    const callback = await listener.callback;
    return await platform.provider.connect(callback, session);
  } finally {
    listener.close();
  }
}
