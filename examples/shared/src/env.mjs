// @ts-check
// The environment variables of the examples (see the repository's .env.example). A platform is
// real only when both its id and its secret are set; half a pair is a mistake worth saying.

/** The default public URL: where the app's callbacks are served on this machine. */
export const DEFAULT_PUBLIC_URL = "http://localhost:8787";

const PAIRS = /** @type {const} */ ({
  tiktok: ["TIKTOK_CLIENT_KEY", "TIKTOK_CLIENT_SECRET"],
  youtube: ["GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET"],
  meta: ["META_APP_ID", "META_APP_SECRET"],
  instagramLogin: ["INSTAGRAM_APP_ID", "INSTAGRAM_APP_SECRET"],
});

/**
 * @param {Record<string, string | undefined>} env
 * @returns {import("./index.d.mts").ExampleEnv}
 */
export function readEnv(env) {
  /** @type {string[]} */
  const problems = [];
  /** @param {keyof typeof PAIRS} key */
  const pair = (key) => {
    const [idName, secretName] = PAIRS[key];
    const id = env[idName]?.trim();
    const secret = env[secretName]?.trim();
    if (id && secret) return { id, secret };
    if (id || secret)
      problems.push(`${id ? secretName : idName} is not set (${id ? idName : secretName} is)`);
    return undefined;
  };
  const credentials = {
    tiktok: pair("tiktok"),
    youtube: pair("youtube"),
    meta: pair("meta"),
    instagramLogin: pair("instagramLogin"),
  };
  const raw = env.POSTKIT_PUBLIC_URL?.trim();
  let publicUrl = DEFAULT_PUBLIC_URL;
  if (raw) {
    try {
      const url = new URL(raw);
      if (url.search || url.hash) problems.push("POSTKIT_PUBLIC_URL must have no query string or fragment");
      publicUrl = url.toString().replace(/\/+$/, "");
    } catch {
      problems.push(`POSTKIT_PUBLIC_URL is not an absolute URL: ${raw}`);
    }
  }
  return { credentials, publicUrl, publicUrlFromEnv: Boolean(raw), problems };
}
