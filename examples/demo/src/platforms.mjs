// @ts-check
// Which platforms the demo uses and how: real credentials from the environment when present,
// otherwise the @postkit/testing emulators over a loopback server.
import { TikTok } from "@postkit/tiktok";
import { YouTube } from "@postkit/youtube";

/**
 * @typedef {object} DemoPlatform
 * @property {string} name
 * @property {import("@postkit/core").Provider} provider
 * @property {string[]} scopes
 * @property {string} redirectUri
 * @property {boolean} emulated
 * @property {(creatorInfo?: unknown) => unknown} videoOptions
 */

/**
 * @param {NodeJS.ProcessEnv} env
 * @param {import("@postkit/testing").EmulatorServer | undefined} server
 * @param {{ tiktok?: { clientKey: string; clientSecret: string; redirectUri: string }; youtube?: { clientId: string; clientSecret: string; redirectUri?: string } }} emulated
 * @returns {DemoPlatform[]}
 */
export function platforms(env, server, emulated) {
  const tiktokReal = Boolean(env.TIKTOK_CLIENT_KEY && env.TIKTOK_CLIENT_SECRET && env.TIKTOK_REDIRECT_URI);
  const youtubeReal = Boolean(env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET && env.GOOGLE_REDIRECT_URI);
  const tiktokRedirect = String(tiktokReal ? env.TIKTOK_REDIRECT_URI : emulated.tiktok?.redirectUri);
  const youtubeRedirect = String(youtubeReal ? env.GOOGLE_REDIRECT_URI : emulated.youtube?.redirectUri);

  const tiktok = new TikTok({
    clientKey: tiktokReal ? String(env.TIKTOK_CLIENT_KEY) : String(emulated.tiktok?.clientKey),
    clientSecret: tiktokReal ? String(env.TIKTOK_CLIENT_SECRET) : String(emulated.tiktok?.clientSecret),
    redirectUri: tiktokRedirect,
    baseUrls: tiktokReal ? undefined : server?.baseUrls.tiktok,
  });
  const youtube = new YouTube({
    clientId: youtubeReal ? String(env.GOOGLE_CLIENT_ID) : String(emulated.youtube?.clientId),
    clientSecret: youtubeReal ? String(env.GOOGLE_CLIENT_SECRET) : String(emulated.youtube?.clientSecret),
    redirectUri: youtubeRedirect,
    baseUrls: youtubeReal ? undefined : server?.baseUrls.youtube,
  });

  return [
    {
      name: "TikTok",
      provider: tiktok,
      scopes: ["user.info.basic", "video.upload"],
      redirectUri: tiktokRedirect,
      emulated: !tiktokReal,
      // A draft lands in the creator's TikTok inbox: the least invasive thing to do to a real account.
      videoOptions: () => ({ mode: "draft" }),
    },
    {
      name: "YouTube",
      provider: youtube,
      scopes: [
        "https://www.googleapis.com/auth/youtube.upload",
        "https://www.googleapis.com/auth/youtube.readonly",
      ],
      redirectUri: youtubeRedirect,
      emulated: !youtubeReal,
      // Private, so a real run does not publish anything to the world.
      videoOptions: () => ({
        title: "postkit demo",
        description: "Uploaded by the postkit demo.",
        privacyStatus: "private",
      }),
    },
  ];
}

/** @param {NodeJS.ProcessEnv} env */
export function anyEmulated(env) {
  return !(env.TIKTOK_CLIENT_KEY && env.GOOGLE_CLIENT_ID);
}
