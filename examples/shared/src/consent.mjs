// @ts-check
// Clicks "Authorize" on an emulator's consent page. In `approve` mode the authorization URL
// redirects at once; in `page` mode it renders a page whose button POSTs `decision=approve` back
// to the same URL (see @postkit/testing's README). Either way the answer is a 302 to the app's
// callback, whose URL is returned.

/**
 * @param {string | URL} url the authorization URL `createAuthorizationUrl` returned
 * @param {{ fetch?: typeof fetch; decision?: "approve" | "deny" }} [options]
 * @returns {Promise<string>} the callback URL with `code` (or `error`) and `state`
 */
export async function approveConsent(url, options = {}) {
  const fetcher = options.fetch ?? fetch;
  const decision = options.decision ?? "approve";
  let response = await fetcher(url, { redirect: "manual" });
  if (response.status === 200) {
    await response.body?.cancel();
    response = await fetcher(url, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ decision }).toString(),
    });
  }
  await response.body?.cancel();
  const location = response.headers.get("location");
  if (response.status !== 302 || !location) {
    throw new Error(`The emulator's consent page answered ${response.status} instead of a redirect.`);
  }
  return new URL(location, url).toString();
}
