// @ts-check
// `doctor`: checks what the CLI can check without calling the platforms: the credentials in the
// environment, the redirect URIs to register, each login's stored tokens and granted scopes. Every
// problem comes with what to do; the exit code is 1 when there is one.

/**
 * @param {import("./cli.mjs").Context} context
 * @returns {Promise<number>}
 */
export async function doctor(context) {
  const { setup, state, log } = context;
  const accounts = await state.accounts();
  /** @type {string[]} */
  const fixes = [...setup.problems.map((problem) => `${problem}: fix the variable (see .env.example).`)];
  for (const platform of setup.platforms) {
    log(`${platform.name}: ${platform.emulated ? "embedded emulator" : "real API"}`);
    if (platform.emulated) {
      log(`  credentials: none (set ${platform.variables} to use the real API)`);
    } else {
      log(`  credentials: ${platform.variables} set`);
      log(`  redirect URI: ${platform.redirectUri} (must be registered in the developer portal, exactly)`);
      if (!context.env.POSTKIT_PUBLIC_URL) {
        fixes.push(
          `${platform.name}: POSTKIT_PUBLIC_URL is not set, so the redirect URI is ${platform.redirectUri}; register it or set POSTKIT_PUBLIC_URL.`,
        );
      }
      const url = new URL(platform.redirectUri);
      const loopback = url.hostname === "localhost" || url.hostname === "127.0.0.1";
      // TikTok takes https, or http on localhost/127.0.0.1 with a port (https://developers.tiktok.com/doc/login-kit-web).
      if (platform.key === "tiktok" && url.protocol !== "https:" && !(loopback && url.port)) {
        fixes.push(
          `TikTok: the redirect URI ${platform.redirectUri} must be https, or localhost with a port.`,
        );
      }
    }
    const saved = accounts[platform.key];
    if (!saved) {
      log("  login: none");
      fixes.push(`${platform.name}: not connected; run \`postkit-cli login ${platform.key}\`.`);
      continue;
    }
    const tokens = await state.tokenStore.load(saved.account.credentialKey);
    log(
      `  login: ${saved.account.displayName} (${saved.account.id}), tokens ${tokens ? "stored" : "missing"}`,
    );
    if (!tokens)
      fixes.push(`${platform.name}: the tokens are gone; run \`postkit-cli login ${platform.key}\` again.`);
    const missing = platform.scopes.filter((scope) => !saved.grantedScopes.includes(scope));
    log(`  granted scopes: ${saved.grantedScopes.join(", ") || "(none)"}`);
    if (missing.length > 0) {
      fixes.push(
        `${platform.name}: the login lacks ${missing.join(", ")}; run \`postkit-cli login ${platform.key}\` again and grant ${missing.length > 1 ? "them" : "it"}.`,
      );
    }
  }
  log("");
  if (fixes.length === 0) {
    log("Everything checks out.");
    return 0;
  }
  log("To fix:");
  for (const fix of fixes) log(`  - ${fix}`);
  return 1;
}
