import type { EmulatorContext } from "./emulator.js";

/** What the emulated authorization page does when a browser (or a test's fetch) opens it. */
export type ConsentMode = "approve" | "deny" | "page";

/** @see consent */
export interface ConsentOptions {
  /**
   * `approve` / `deny`: redirect at once, as if the user clicked. `page`: render an HTML page
   * with Authorize and Deny buttons (for browser tests and the demo).
   */
  mode: ConsentMode;
  /** Shown as the page title, e.g. `"TikTok"`. */
  platform: string;
  /** The app asking, shown on the page. */
  appName: string;
  /** The scopes the app asks for, listed on the page. */
  scopes: readonly string[];
  /** The redirect after approval; called only then, so codes are minted only when approved. */
  approve: () => string;
  /** The redirect after denial. */
  deny: () => string;
}

/**
 * Answers an authorization-page request. In `page` mode a GET renders the consent page, whose
 * buttons POST `decision=approve|deny` back to the same URL (query string included).
 */
export async function consent(
  request: Request,
  _context: EmulatorContext,
  options: ConsentOptions,
): Promise<Response> {
  let decision: string | null = null;
  if (request.method === "POST") {
    decision = new URLSearchParams(await request.text()).get("decision");
  } else if (options.mode !== "page") {
    decision = options.mode;
  }
  if (decision === "approve") return redirect(options.approve());
  if (decision === "deny") return redirect(options.deny());
  return new Response(renderPage(options, request.url), {
    status: 200,
    headers: { "content-type": "text/html; charset=utf-8" },
  });
}

function redirect(location: string): Response {
  return new Response(null, { status: 302, headers: { location } });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function renderPage(options: ConsentOptions, action: string): string {
  const scopes = options.scopes.map((scope) => `<li><code>${escapeHtml(scope)}</code></li>`).join("");
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(options.platform)} (postkit emulator): authorize ${escapeHtml(options.appName)}</title>
<style>body{font:16px system-ui;max-width:32rem;margin:3rem auto}button{font:inherit;padding:.5rem 1.5rem;margin-right:1rem}</style></head>
<body>
<h1>${escapeHtml(options.platform)}</h1>
<p><strong>${escapeHtml(options.appName)}</strong> wants to:</p>
<ul id="scopes">${scopes}</ul>
<form method="post" action="${escapeHtml(action)}">
<button type="submit" name="decision" value="approve" id="approve">Authorize</button>
<button type="submit" name="decision" value="deny" id="deny">Deny</button>
</form>
<p><small>This page is served by @postkit/testing. No real account is involved.</small></p>
</body>
</html>`;
}
