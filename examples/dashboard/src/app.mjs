// @ts-check
// The dashboard's routes (Hono): the page, connect and callback (real OAuth redirects, the login
// session kept server-side behind an HttpOnly cookie), publish (multipart upload, then a
// background publish) and the publish's progress as JSON for the page's script.
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { ValidationError } from "@postkit/core";
import { Hono } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { describeFailure } from "./failures.mjs";
import { escapeHtml, renderPage } from "./page.mjs";
import { runPublish } from "./publisher.mjs";
import { receiveUpload } from "./upload.mjs";

const STATIC = {
  "app.js": { file: new URL("../public/app.js", import.meta.url), type: "text/javascript; charset=utf-8" },
  "style.css": { file: new URL("../public/style.css", import.meta.url), type: "text/css; charset=utf-8" },
};

/**
 * @typedef {object} DashboardOptions
 * @property {import("@postkit/example-platforms").ExamplePlatforms} setup the four platforms
 * @property {import("./repository.mjs").Repository} repository
 * @property {number} [maxUploadBytes] the largest video accepted (default 1 GiB)
 * @property {boolean} [secureCookies] `Secure` cookies, behind https (default false, for http://localhost)
 */

/** @param {DashboardOptions} options */
export function createDashboard({ setup, repository, maxUploadBytes = 1024 ** 3, secureCookies = false }) {
  const app = new Hono();
  /** One-shot messages for the page after a redirect; kept here so no text travels in the URL. */
  const notices = new Map();
  /** Publishes still running in this process (the tests wait for them). */
  const running = new Set();

  /** @param {{ kind: "error" | "ok"; message: string; hint?: string | undefined }} notice */
  const noticeUrl = (notice) => {
    const id = randomUUID();
    notices.set(id, notice);
    return `/?notice=${id}`;
  };

  const platformOf = (/** @type {string} */ key) => setup.platforms.find((p) => p.key === key);

  app.get("/", async (c) => {
    const notice = notices.get(c.req.query("notice") ?? "");
    notices.delete(c.req.query("notice") ?? "");
    const accounts = new Map();
    for (const platform of setup.platforms) {
      const row = repository.accountOf(platform.key);
      if (row) accounts.set(platform.key, row);
    }
    let creatorInfo;
    let creatorInfoError;
    const tiktok = accounts.get("tiktok");
    if (tiktok) {
      try {
        creatorInfo = await setup.clients.tiktok.getCreatorInfo({ account: tiktok.account });
      } catch (error) {
        creatorInfoError = describeFailure(error).message;
      }
    }
    return c.html(
      renderPage({ platforms: setup.platforms, accounts, creatorInfo, creatorInfoError, notice }),
    );
  });

  app.get("/static/:name", async (c) => {
    const entry = STATIC[/** @type {keyof typeof STATIC} */ (c.req.param("name"))];
    if (!entry) return c.notFound();
    return c.body(await readFile(entry.file), 200, { "content-type": entry.type });
  });

  app.get("/connect/:platform", async (c) => {
    const platform = platformOf(c.req.param("platform"));
    if (!platform) return c.notFound();
    const { url, session } = await platform.provider.createAuthorizationUrl({ scopes: platform.scopes });
    const id = repository.saveLoginSession(platform.key, session);
    // Lax, not Strict: the browser must send it on the platform's top-level redirect back.
    setCookie(c, `login_${platform.key}`, id, {
      httpOnly: true,
      sameSite: "Lax",
      secure: secureCookies,
      path: `/callback/${platform.key}`,
      maxAge: 600,
    });
    return c.redirect(url.toString(), 302);
  });

  app.get("/callback/:platform", async (c) => {
    const platform = platformOf(c.req.param("platform"));
    if (!platform) return c.notFound();
    const id = getCookie(c, `login_${platform.key}`) ?? "";
    setCookie(c, `login_${platform.key}`, "", { path: `/callback/${platform.key}`, maxAge: 0 });
    try {
      // A missing or reused session is refused by connect (OAUTH_SESSION_INVALID).
      const session = repository.takeLoginSession(id, platform.key);
      const result = await platform.provider.connect(c.req.url, /** @type {never} */ (session));
      const connection = platform.pickAccount(result.accounts);
      if (!connection) {
        return c.redirect(
          noticeUrl({
            kind: "error",
            message: `The ${platform.name} login gave no ${platform.name} account.`,
          }),
        );
      }
      // The provider saved the grant in the token store; the database keeps the account and profile.
      const profile = await platform.provider.getProfile({ account: connection.account });
      repository.saveAccount(connection.account, /** @type {Record<string, unknown>} */ ({ ...profile }));
      return c.redirect(
        noticeUrl({ kind: "ok", message: `${platform.name} connected: ${profile.displayName}.` }),
      );
    } catch (error) {
      return c.redirect(noticeUrl({ kind: "error", ...describeFailure(error) }));
    }
  });

  app.post("/publish", async (c) => {
    let form;
    try {
      form = await receiveUpload(c.req.raw, { maxBytes: maxUploadBytes });
    } catch (error) {
      return c.json(describeFailure(error), 400);
    }
    const file = /** @type {NonNullable<typeof form.file>} */ (form.file);
    try {
      const targets = await buildTargets(form.fields);
      const publishId = repository.createPublish(
        file.name,
        targets.map((t) => ({ platform: t.platform.key, credentialKey: t.connection.account.credentialKey })),
      );
      const done = runPublish(repository, publishId, file, targets).finally(() => running.delete(done));
      running.add(done);
      return c.json({ publishId });
    } catch (error) {
      await runPublish(repository, "", file, []); // removes the temp file
      return c.json(describeFailure(error), 400);
    }
  });

  app.get("/publishes/:id", (c) => {
    const publish = repository.publish(c.req.param("id"));
    if (!publish) return c.json({ message: "No such publish." }, 404);
    // What the page shows: states, progress, links and messages; never a token.
    return c.json({
      id: publish.id,
      fileName: publish.fileName,
      targets: publish.targets.map((t) => ({
        platform: t.platform,
        name: platformOf(t.platform)?.name ?? t.platform,
        state: t.state,
        bytesSent: t.bytesSent,
        totalBytes: t.totalBytes,
        postId: t.job?.postId,
        postUrl: t.job?.postUrl,
        message: t.message,
        hint: t.hint,
      })),
    });
  });

  app.onError((error, c) => {
    const { message, hint } = describeFailure(error);
    return c.html(
      `<!doctype html><title>Error</title><p>${escapeHtml(message)}</p><p>${escapeHtml(hint)}</p><a href="/">Back</a>`,
      500,
    );
  });

  /**
   * Every target's options, checked before anything is sent (a TikTok direct post without a
   * privacy level, a video longer than the creator may post, a schedule on a public video…).
   * @param {Map<string, string[]>} fields
   * @returns {Promise<import("./publisher.mjs").PublishTarget[]>}
   */
  async function buildTargets(fields) {
    const one = (/** @type {string} */ name) => fields.get(name)?.[0]?.trim() || undefined;
    const keys = fields.get("targets") ?? [];
    if (keys.length === 0) throw new ValidationError("Pick at least one platform to publish to.");
    const durationSec = Number(one("durationSec"));
    if (!Number.isFinite(durationSec) || durationSec <= 0) {
      throw new ValidationError("The video's duration is unknown; choose the file again.");
    }
    const title = one("title") ?? "";
    if (!title) throw new ValidationError("Give the video a title.");
    const description = one("description");
    /** @type {import("./publisher.mjs").PublishTarget[]} */
    const targets = [];
    for (const key of new Set(keys)) {
      const platform = platformOf(key);
      const row = platform && repository.accountOf(platform.key);
      if (!platform || !row)
        throw new ValidationError(`Connect ${platform?.name ?? key} before publishing to it.`);
      const connection = { account: row.account };
      targets.push({ platform, connection, options: await optionsFor(platform, connection) });
    }
    return targets;

    /**
     * @param {import("@postkit/example-platforms").ExamplePlatform} platform
     * @param {import("@postkit/core").Connection} connection
     */
    async function optionsFor(platform, connection) {
      const input = { title, description, durationSec };
      switch (platform.key) {
        case "tiktok": {
          const direct = one("tiktokMode") === "direct";
          if (!direct) return platform.videoOptions({ ...input, tiktokMode: "draft" });
          // The creator info of the moment, as TikTok's guidelines require before a direct post.
          const creatorInfo = await setup.clients.tiktok.getCreatorInfo({ account: connection.account });
          const options = /** @type {import("@postkit/tiktok").TikTokVideoOptions & { mode: "direct" }} */ (
            platform.videoOptions({
              ...input,
              tiktokMode: "direct",
              creatorInfo,
              privacyLevel: /** @type {import("@postkit/tiktok").TikTokPrivacyLevel | undefined} */ (
                one("privacyLevel")
              ),
            })
          );
          // Off unless the user switched it on; what the creator disabled stays off.
          return {
            ...options,
            disableComment: creatorInfo.commentDisabled || !one("allowComment"),
            disableDuet: creatorInfo.duetDisabled || !one("allowDuet"),
            disableStitch: creatorInfo.stitchDisabled || !one("allowStitch"),
          };
        }
        case "youtube": {
          const privacy = /** @type {"private" | "unlisted" | "public"} */ (
            one("youtubePrivacy") ?? "private"
          );
          const publishAt = one("youtubePublishAt");
          if (publishAt && privacy !== "private") {
            throw new ValidationError("YouTube schedules private videos only: set the privacy to private.");
          }
          const options = /** @type {Record<string, unknown>} */ (
            platform.videoOptions({ ...input, youtubePrivacy: privacy })
          );
          return publishAt ? { ...options, publishAt } : options;
        }
        case "facebook": {
          const options = /** @type {import("@postkit/meta").MetaVideoOptions} */ (
            platform.videoOptions(input)
          );
          // Reel states (published, draft) exist for Reels only.
          return one("facebookKind") === "video"
            ? { kind: "video", title, description: options.description }
            : options;
        }
        case "instagram": {
          const caption = one("instagramCaption");
          return platform.videoOptions({ ...input, description: caption ?? description });
        }
        default:
          return platform.videoOptions(input);
      }
    }
  }

  return {
    app,
    /** Resolves when every publish started so far has finished (for tests and shutdown). */
    async idle() {
      await Promise.allSettled([...running]);
    },
  };
}
