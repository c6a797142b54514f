// The postkit routes of a Hono app: connect, callback and publish, for every platform of
// @postkit/example-platforms. Tokens live in the providers' token store; the browser only ever
// holds a sealed login session (for the length of one OAuth round trip).
import { type Account, fromBlob, isPostkitError, openLoginSession, sealLoginSession } from "@postkit/core";
import type { ExamplePlatforms } from "@postkit/example-platforms";
import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";

/** What the routes need from the app around them. */
export interface PostkitRoutesOptions {
  /** The four platforms, built with the app's `tokenStore`. */
  platforms: ExamplePlatforms;
  /** Seals the login-session cookie: at least 32 characters, from the app's secrets. */
  sessionSecret: string;
  /** The connected accounts (no tokens in them): the app's database in a real app. */
  accounts?: Map<string, Account>;
}

/** `/connect/:platform`, `/callback/:platform` and `POST /publish/:platform`. */
export function postkitRoutes({
  platforms,
  sessionSecret,
  accounts = new Map(),
}: PostkitRoutesOptions): Hono {
  const app = new Hono();
  const cookie = (key: string) => `postkit_login_${key}`;

  app.get("/connect/:platform", async (c) => {
    const platform = platforms.get(c.req.param("platform"));
    const { url, session } = await platform.provider.createAuthorizationUrl({ scopes: platform.scopes });
    setCookie(c, cookie(platform.key), await sealLoginSession(session, sessionSecret), {
      httpOnly: true,
      secure: platform.redirectUri.startsWith("https://"),
      sameSite: "Lax", // sent on the platform's top-level redirect back to the callback
      path: "/",
      maxAge: 600,
    });
    return c.redirect(url.toString());
  });

  app.get("/callback/:platform", async (c) => {
    const platform = platforms.get(c.req.param("platform"));
    const session = await openLoginSession(getCookie(c, cookie(platform.key)), sessionSecret);
    deleteCookie(c, cookie(platform.key), { path: "/" });
    const { accounts: connected } = await platform.provider.connect(c.req.url, session);
    const connection = platform.pickAccount(connected);
    if (!connection) return c.json({ error: `This login returned no ${platform.name} account.` }, 400);
    accounts.set(platform.key, connection.account); // the tokens are already in the token store
    return c.json({
      platform: platform.key,
      account: connection.account.displayName ?? connection.account.id,
    });
  });

  // A multipart form: `video` (the file), `title`, `durationSec`.
  app.post("/publish/:platform", async (c) => {
    const platform = platforms.get(c.req.param("platform"));
    const account = accounts.get(platform.key);
    if (!account) return c.json({ error: `Connect ${platform.name} first.` }, 409);
    const form = await c.req.formData();
    const video = form.get("video");
    if (!(video instanceof File)) return c.json({ error: "The form needs a video file." }, 400);
    const connection = { account }; // credentials come from the token store
    const job = await platform.provider.publishVideo(connection, {
      source: fromBlob(video),
      options: platform.videoOptions({
        title: String(form.get("title") ?? video.name),
        durationSec: Number(form.get("durationSec")),
      }),
      idempotencyKey: c.req.header("idempotency-key"), // a retried request never posts twice
    });
    const settled = await platform.provider.waitForPublish(connection, job, platform.waitOptions());
    const { outcome, postId, postUrl, failure } = settled;
    return c.json({ outcome, postId, postUrl, failure });
  });

  // postkit's typed errors carry a one-sentence message and a hint, safe to show the user.
  app.onError((error, c) => {
    if (!isPostkitError(error)) throw error;
    const status = error.next === "never" ? 400 : error.next === "after-reconnect" ? 401 : 503;
    return c.json({ error: error.message, hint: error.hint, code: error.code }, status);
  });
  return app;
}
