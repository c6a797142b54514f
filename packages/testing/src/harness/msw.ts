import { HttpResponse, http, type RequestHandler } from "msw";
import type { Dispatcher } from "./dispatch.js";
import type { PlatformEmulator } from "./emulator.js";
import { normalizeBase, type Route } from "./routes.js";

/**
 * msw handlers for the real hosts of `emulators`: one per role base URL, all answering through the
 * hub (so faults and the request log apply). A dropped connection becomes `HttpResponse.error()`,
 * which msw turns into a network error for the client.
 */
export function createMswHandlers(
  emulators: readonly PlatformEmulator[],
  dispatcher: Dispatcher,
  resolve: (url: URL) => Route | undefined,
): RequestHandler[] {
  const bases = new Set<string>();
  for (const emulator of emulators) {
    for (const base of Object.values(emulator.defaultBaseUrls)) bases.add(normalizeBase(base));
    for (const list of Object.values(emulator.hostAliases ?? {}))
      for (const base of list) bases.add(normalizeBase(base));
  }
  // msw matches a RegExp against origin + path (no query). Longest bases first, although the
  // route is resolved again below, so a shorter base's handler still finds the right role.
  return [...bases]
    .sort((a, b) => b.length - a.length)
    .map((base) =>
      http.all(new RegExp(`^${escapeRegExp(base)}(?:/.*)?$`), async ({ request }) => {
        const route = resolve(new URL(request.url));
        if (!route) return undefined;
        const at = Date.now();
        const outcome = await dispatcher.dispatch(request, route);
        if (outcome.kind === "drop") {
          dispatcher.record(request, route, at, undefined, outcome);
          return HttpResponse.error();
        }
        dispatcher.record(request, route, at, outcome.response.status, outcome);
        return outcome.response;
      }),
    );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
