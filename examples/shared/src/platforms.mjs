// @ts-check
// The four platforms of the examples: each with its provider, scopes, redirect URI, whether it
// runs on the emulator, and its publish options. Real credentials come from the environment
// (readEnv); a platform without them runs on the embedded emulators (startEmulators).
import { sleep } from "@postkit/core";
import { InstagramLogin, Meta } from "@postkit/meta";
import { TikTok } from "@postkit/tiktok";
import { YouTube } from "@postkit/youtube";
import { startEmulators } from "./emulators.mjs";
import { readEnv } from "./env.mjs";
import { facebookOptions, instagramOptions, tiktokOptions, youtubeOptions } from "./publish-options.mjs";

/** @type {readonly import("./index.d.mts").PlatformKey[]} */
export const PLATFORM_KEYS = Object.freeze(["tiktok", "youtube", "facebook", "instagram"]);

const NAMES = /** @type {const} */ ({
  tiktok: "TikTok",
  youtube: "YouTube",
  facebook: "Facebook Page",
  instagram: "Instagram",
});

/** Direct posts need video.publish, drafts video.upload (https://developers.tiktok.com/doc/content-posting-api-get-started). */
const TIKTOK_SCOPES = [
  "user.info.basic",
  "user.info.profile",
  "user.info.stats",
  "video.upload",
  "video.publish",
];
/** Uploads, and reading the channel and its videos (https://developers.google.com/youtube/v3/guides/auth/installed-apps). */
const YOUTUBE_SCOPES = [
  "https://www.googleapis.com/auth/youtube.upload",
  "https://www.googleapis.com/auth/youtube.readonly",
];
/** Page Reels (https://developers.facebook.com/docs/video-api/guides/reels-publishing/). */
const FACEBOOK_SCOPES = ["pages_show_list", "pages_read_engagement", "pages_manage_posts", "publish_video"];
/** Instagram through its Page (https://developers.facebook.com/docs/instagram-platform/content-publishing). */
const INSTAGRAM_SCOPES = [
  "pages_show_list",
  "pages_read_engagement",
  "instagram_basic",
  "instagram_content_publish",
];
/** Instagram Login (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/business-login). */
const INSTAGRAM_LOGIN_SCOPES = ["instagram_business_basic", "instagram_business_content_publish"];

/**
 * @param {import("./index.d.mts").ExamplePlatformsOptions} [options]
 * @returns {Promise<import("./index.d.mts").ExamplePlatforms>}
 */
export async function createExamplePlatforms(options = {}) {
  const env = readEnv(options.env ?? process.env);
  const log = options.log ?? ((line) => console.log(line));
  const publicUrl = (options.publicUrl ?? env.publicUrl).replace(/\/+$/, "");
  const redirectUris = {
    tiktok: `${publicUrl}/callback/tiktok`,
    youtube: `${publicUrl}/callback/youtube`,
    facebook: `${publicUrl}/callback/facebook`,
    instagram: `${publicUrl}/callback/instagram`,
    instagramLogin: `${publicUrl}/callback/instagram-login`,
  };
  const { credentials } = env;
  const anyEmulated =
    !credentials.tiktok || !credentials.youtube || !credentials.meta || !credentials.instagramLogin;
  const emulators = anyEmulated
    ? await startEmulators({
        redirectUris,
        consent: options.consent ?? "approve",
        host: options.emulatorHost,
        port: options.emulatorPort,
      })
    : undefined;
  const shared = { tokenStore: options.tokenStore, onTokens: options.onTokens };

  const tiktok = credentials.tiktok
    ? new TikTok({
        ...shared,
        clientKey: credentials.tiktok.id,
        clientSecret: credentials.tiktok.secret,
        redirectUri: redirectUris.tiktok,
      })
    : new TikTok({
        ...shared,
        clientKey: must(emulators).tiktok.clientKey,
        clientSecret: must(emulators).tiktok.clientSecret,
        redirectUri: redirectUris.tiktok,
        baseUrls: must(emulators).server.baseUrls.tiktok,
      });
  const youtube = credentials.youtube
    ? new YouTube({
        ...shared,
        clientId: credentials.youtube.id,
        clientSecret: credentials.youtube.secret,
        redirectUri: redirectUris.youtube,
      })
    : new YouTube({
        ...shared,
        ...must(emulators).youtube.client,
        redirectUri: redirectUris.youtube,
        baseUrls: must(emulators).server.baseUrls.youtube,
      });
  /** @param {string} redirectUri */
  const meta = (redirectUri) =>
    credentials.meta
      ? new Meta({
          tokenStore: options.tokenStore,
          clientId: credentials.meta.id,
          clientSecret: credentials.meta.secret,
          redirectUri,
        })
      : new Meta({
          tokenStore: options.tokenStore,
          clientId: must(emulators).meta.clientId,
          clientSecret: must(emulators).meta.clientSecret,
          redirectUri,
          baseUrls: must(emulators).server.baseUrls.meta,
        });
  const instagramLogin = credentials.instagramLogin
    ? new InstagramLogin({
        ...shared,
        clientId: credentials.instagramLogin.id,
        clientSecret: credentials.instagramLogin.secret,
        redirectUri: redirectUris.instagramLogin,
      })
    : new InstagramLogin({
        ...shared,
        clientId: must(emulators).meta.instagramLogin.appId,
        clientSecret: must(emulators).meta.instagramLogin.appSecret,
        redirectUri: redirectUris.instagramLogin,
        baseUrls: must(emulators).server.baseUrls.meta,
      });

  /** @type {import("./index.d.mts").ExamplePlatform[]} */
  const platforms = [
    platform(
      "tiktok",
      tiktok,
      TIKTOK_SCOPES,
      !credentials.tiktok,
      "TIKTOK_CLIENT_KEY, TIKTOK_CLIENT_SECRET",
      tiktokOptions,
    ),
    platform(
      "youtube",
      youtube,
      YOUTUBE_SCOPES,
      !credentials.youtube,
      "GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET",
      youtubeOptions,
    ),
    platform(
      "facebook",
      meta(redirectUris.facebook),
      FACEBOOK_SCOPES,
      !credentials.meta,
      "META_APP_ID, META_APP_SECRET",
      facebookOptions,
    ),
    platform(
      "instagram",
      meta(redirectUris.instagram),
      INSTAGRAM_SCOPES,
      !credentials.meta,
      "META_APP_ID, META_APP_SECRET",
      instagramOptions,
    ),
  ];
  for (const problem of env.problems) log(`Configuration: ${problem}.`);
  if (emulators) {
    const names = platforms.filter((p) => p.emulated).map((p) => p.name);
    if (!credentials.instagramLogin) names.push("Instagram Login");
    log(
      `No credentials for ${names.join(", ")}: running on the embedded emulators at ${emulators.server.url}.`,
    );
  }

  /**
   * @template {import("./index.d.mts").PlatformKey} K
   * @param {K} key
   * @param {import("./index.d.mts").ExamplePlatform["provider"]} provider
   * @param {string[]} scopes
   * @param {boolean} emulated
   * @param {string} variables
   * @param {(input: import("./index.d.mts").VideoOptionsInput & { emulated: boolean }) => unknown} videoOptions
   * @returns {import("./index.d.mts").ExamplePlatform}
   */
  function platform(key, provider, scopes, emulated, variables, videoOptions) {
    return {
      key,
      name: NAMES[key],
      provider,
      scopes,
      redirectUri: redirectUris[key],
      emulated,
      variables,
      pickAccount: (accounts) => accounts.find((c) => c.account.platform === key),
      videoOptions: (input) => videoOptions({ ...input, emulated }),
      waitOptions: () => (emulated ? { timeoutMs: 60_000, clock: fastClock } : { timeoutMs: 10 * 60_000 }),
    };
  }

  return {
    platforms,
    get(key) {
      const found = platforms.find((p) => p.key === key);
      if (!found) throw new Error(`Unknown platform "${key}": use one of ${PLATFORM_KEYS.join(", ")}.`);
      return found;
    },
    clients: { tiktok, youtube, instagramLogin },
    instagramLogin: {
      provider: instagramLogin,
      scopes: INSTAGRAM_LOGIN_SCOPES,
      redirectUri: redirectUris.instagramLogin,
      emulated: !credentials.instagramLogin,
    },
    emulators,
    publicUrl,
    problems: env.problems,
    async close() {
      await emulators?.server.close();
    },
  };
}

/** The emulators process at once: poll them every 50 ms instead of at the platform's pace. */
/** @type {import("@postkit/core").Clock} */
const fastClock = { now: () => Date.now(), sleep: (ms, signal) => sleep(Math.min(ms, 50), signal) };

/**
 * @template T
 * @param {T | undefined} value
 * @returns {T}
 */
function must(value) {
  if (value === undefined) throw new Error("The emulators are not running.");
  return value;
}
