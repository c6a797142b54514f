// What the route handlers share: the platforms (built once per server process), the connected
// accounts, and the translation of postkit's typed errors into JSON answers.
import { type Account, isPostkitError, MemoryTokenStore } from "@postkit/core";
import { createExamplePlatforms, type ExamplePlatforms } from "@postkit/example-platforms";

/** The platforms, the cookie secret, and the connected accounts (the app's database in a real app). */
export interface Postkit {
  platforms: ExamplePlatforms;
  sessionSecret: string;
  accounts: Map<string, Account>;
}

// On globalThis so that `next dev`'s module reloads keep one set of emulators and accounts.
const cache = globalThis as { postkit?: Promise<Postkit> };

/** The app's postkit setup. Use a shared token store (Redis, SQL) when running several instances. */
export function postkit(): Promise<Postkit> {
  cache.postkit ??= createExamplePlatforms({ tokenStore: new MemoryTokenStore(), consent: "page" }).then(
    (platforms) => ({
      platforms,
      sessionSecret: process.env.SESSION_SECRET ?? "dev-only-session-secret-change-me-0123456789",
      accounts: new Map(),
    }),
  );
  return cache.postkit;
}

/** Replaces the setup (tests). */
export function usePostkit(setup: Postkit): void {
  cache.postkit = Promise.resolve(setup);
}

/** The login-session cookie of a platform. */
export const loginCookie = (key: string) => `postkit_login_${key}`;

/** Runs a handler; postkit's typed errors become JSON with their one-sentence message and hint. */
export async function answer(handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (error) {
    if (!isPostkitError(error)) throw error;
    const status = error.next === "never" ? 400 : error.next === "after-reconnect" ? 401 : 503;
    return Response.json({ error: error.message, hint: error.hint, code: error.code }, { status });
  }
}
