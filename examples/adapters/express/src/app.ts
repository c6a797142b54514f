// The postkit routes of an Express app: connect, callback and publish, for every platform of
// @postkit/example-platforms. Tokens live in the providers' token store; the browser only ever
// holds a sealed login session (for the length of one OAuth round trip).
import { type Account, fromBytes, isPostkitError, openLoginSession, sealLoginSession } from "@postkit/core";
import type { ExamplePlatforms } from "@postkit/example-platforms";
import express, { type ErrorRequestHandler, type Router } from "express";

/** What the routes need from the app around them. */
export interface PostkitRoutesOptions {
  /** The four platforms, built with the app's `tokenStore`. */
  platforms: ExamplePlatforms;
  /** Seals the login-session cookie: at least 32 characters, from the app's secrets. */
  sessionSecret: string;
  /** The connected accounts (no tokens in them): the app's database in a real app. */
  accounts?: Map<string, Account>;
}

const cookieName = (key: string) => `postkit_login_${key}`;

/** Reads one cookie from the request (a cookie parser middleware does the same). */
function readCookie(header: string | undefined, name: string): string | undefined {
  const pair = header?.split(/;\s*/).find((part) => part.startsWith(`${name}=`));
  return pair?.slice(name.length + 1);
}

/** `/connect/:platform`, `/callback/:platform` and `POST /publish/:platform?title=&durationSec=`. */
export function postkitRoutes({
  platforms,
  sessionSecret,
  accounts = new Map(),
}: PostkitRoutesOptions): Router {
  const router = express.Router();

  router.get("/connect/:platform", async (req, res) => {
    const platform = platforms.get(req.params.platform);
    const { url, session } = await platform.provider.createAuthorizationUrl({ scopes: platform.scopes });
    res.cookie(cookieName(platform.key), await sealLoginSession(session, sessionSecret), {
      httpOnly: true,
      secure: platform.redirectUri.startsWith("https://"),
      sameSite: "lax", // sent on the platform's top-level redirect back to the callback
      path: "/",
      maxAge: 600_000,
    });
    res.redirect(url.toString());
  });

  router.get("/callback/:platform", async (req, res) => {
    const platform = platforms.get(req.params.platform);
    const sealed = readCookie(req.headers.cookie, cookieName(platform.key));
    const session = await openLoginSession(sealed, sessionSecret);
    res.clearCookie(cookieName(platform.key), { path: "/" });
    const callbackUrl = new URL(req.originalUrl, platforms.publicUrl);
    const { accounts: connected } = await platform.provider.connect(callbackUrl, session);
    const connection = platform.pickAccount(connected);
    if (!connection) {
      res.status(400).json({ error: `This login returned no ${platform.name} account.` });
      return;
    }
    accounts.set(platform.key, connection.account); // the tokens are already in the token store
    res.json({ platform: platform.key, account: connection.account.displayName ?? connection.account.id });
  });

  // The video is the raw request body (`Content-Type: video/*`), up to 512 MB in memory here;
  // stream large files to disk and use `fromFile` from `@postkit/core/node` instead.
  router.post("/publish/:platform", express.raw({ type: "video/*", limit: "512mb" }), async (req, res) => {
    const platform = platforms.get(req.params.platform);
    const account = accounts.get(platform.key);
    if (!account) {
      res.status(409).json({ error: `Connect ${platform.name} first.` });
      return;
    }
    if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
      res.status(400).json({ error: "Send the video as the request body." });
      return;
    }
    const connection = { account }; // credentials come from the token store
    const job = await platform.provider.publishVideo(connection, {
      source: fromBytes(req.body, { type: req.get("content-type") }),
      options: platform.videoOptions({
        title: String(req.query.title ?? "Untitled"),
        durationSec: Number(req.query.durationSec),
      }),
      idempotencyKey: req.get("idempotency-key"), // a retried request never posts twice
    });
    const { outcome, postId, postUrl, failure } = await platform.provider.waitForPublish(
      connection,
      job,
      platform.waitOptions(),
    );
    res.json({ outcome, postId, postUrl, failure });
  });

  return router;
}

/** postkit's typed errors carry a one-sentence message and a hint, safe to show the user. */
export const postkitErrors: ErrorRequestHandler = (error, _req, res, next) => {
  if (!isPostkitError(error)) return next(error);
  const status = error.next === "never" ? 400 : error.next === "after-reconnect" ? 401 : 503;
  res.status(status).json({ error: error.message, hint: error.hint, code: error.code });
};
