// The end-to-end flows every runtime runs, written against the published packages as a user
// would, on the loopback emulators. Plain ESM with web APIs only: Node, Bun and Deno import it
// from the consumer project's node_modules; workerd and edge-runtime get it bundled.
// Each flow records { ok, detail } or { ok: false, error }; one failure does not stop the others.
import {
  CapabilityError,
  fromBlob,
  fromBytes,
  OAuthError,
  PostkitError,
  parseResumeState,
  UploadError,
} from "@postkit/core";
import { defaultFacebookScopes, Meta } from "@postkit/meta";
import { TikTok } from "@postkit/tiktok";
import { YouTube } from "@postkit/youtube";

const TIKTOK_REDIRECT = "https://app.example/callback/tiktok";
const YOUTUBE_REDIRECT = "https://app.example/callback/youtube";
const META_REDIRECT = "https://app.example/callback/meta";
const KIB = 1024;

/** The runtime's own name and version, as it reports them. */
export function runtimeInfo() {
  const g = globalThis;
  if (typeof g.Bun !== "undefined") return { name: "bun", version: g.Bun.version };
  if (typeof g.Deno !== "undefined") return { name: "deno", version: g.Deno.version.deno };
  if (typeof g.EdgeRuntime !== "undefined") return { name: "edge-runtime", version: String(g.EdgeRuntime) };
  if (g.navigator?.userAgent === "Cloudflare-Workers")
    return { name: "workerd", version: "Cloudflare-Workers" };
  if (g.process?.versions?.node) return { name: "node", version: g.process.versions.node };
  return { name: "unknown", version: g.navigator?.userAgent ?? "" };
}

function noise(size, seed) {
  const bytes = new Uint8Array(size);
  for (let index = 0; index < size; index++) bytes[index] = (index * 31 + seed) % 251;
  return bytes;
}

/** Runs every flow; `config` comes from the test (base URLs, the apps' credentials, the control URL). */
export async function runFlows(config) {
  const flows = {};
  const control = async (path, body) => {
    const response = await fetch(`${config.control}${path}`, {
      method: "POST",
      body: JSON.stringify(body ?? {}),
    });
    if (!response.ok) throw new Error(`control ${path}: ${response.status}`);
    await response.body?.cancel();
  };
  const flow = async (name, run) => {
    try {
      flows[name] = { ok: true, detail: (await run()) ?? null };
    } catch (error) {
      const code = error && typeof error === "object" && "code" in error ? ` [${error.code}]` : "";
      flows[name] = {
        ok: false,
        error: `${error?.name ?? "Error"}${code}: ${error?.message ?? String(error)}`,
      };
    }
    await control("/clear").catch(() => undefined);
  };
  const fast = { minDelayMs: 5, maxDelayMs: 20 };
  const tiktok = new TikTok({
    ...config.tiktok,
    redirectUri: TIKTOK_REDIRECT,
    baseUrls: config.baseUrls.tiktok,
    retry: fast,
  });
  const youtube = new YouTube({
    ...config.youtube,
    redirectUri: YOUTUBE_REDIRECT,
    baseUrls: config.baseUrls.youtube,
    retry: fast,
  });
  const meta = new Meta({
    ...config.meta,
    redirectUri: META_REDIRECT,
    baseUrls: config.baseUrls.meta,
    retry: fast,
  });
  const approve = async (url) => {
    // The consent page answers at once; follow its redirect as the browser would.
    const response = await fetch(url, { redirect: "manual" });
    await response.body?.cancel();
    const location = response.headers.get("location");
    if (!location) throw new Error(`the consent page answered ${response.status} without a Location`);
    return location;
  };

  let tiktokLogin;
  await flow("authorization-url", async () => {
    tiktokLogin = await tiktok.createAuthorizationUrl({ scopes: ["user.info.basic", "video.upload"] });
    const url = new URL(tiktokLogin.url);
    for (const name of ["client_key", "state", "code_challenge"]) {
      if (!url.searchParams.get(name)) throw new Error(`the authorization URL has no ${name}`);
    }
    return { host: url.host, pkce: url.searchParams.get("code_challenge_method") };
  });

  let tiktokConnection;
  let youtubeConnection;
  await flow("code-exchange", async () => {
    const { accounts } = await tiktok.connect(await approve(tiktokLogin.url), tiktokLogin.session);
    tiktokConnection = accounts[0];
    const login = await youtube.createAuthorizationUrl({
      scopes: [
        "https://www.googleapis.com/auth/youtube.upload",
        "https://www.googleapis.com/auth/youtube.readonly",
      ],
    });
    const connected = await youtube.connect(await approve(login.url), login.session);
    youtubeConnection = connected.accounts[0];
    if (!tiktokConnection?.credentials.accessToken || !youtubeConnection?.credentials.accessToken)
      throw new Error("connect returned no credentials");
    return { accounts: 2 };
  });

  await flow("refresh", async () => {
    const renewed = await tiktok.renewTokens(tiktokConnection.credentials);
    if (renewed.accessToken === tiktokConnection.credentials.accessToken)
      throw new Error("the access token did not change");
    tiktokConnection = { ...tiktokConnection, credentials: renewed };
    const google = await youtube.renewTokens(youtubeConnection.credentials);
    youtubeConnection = { ...youtubeConnection, credentials: google };
    return { tiktok: true, youtube: true };
  });

  await flow("profile", async () => {
    const [tiktokProfile, youtubeProfile] = [
      await tiktok.getProfile(tiktokConnection),
      await youtube.getProfile(youtubeConnection),
    ];
    if (!tiktokProfile.id || !youtubeProfile.id) throw new Error("a profile has no id");
    return { tiktok: tiktokProfile.id.length > 0, youtube: youtubeProfile.id.length > 0 };
  });

  await flow("chunked-upload-bytes", async () => {
    // YouTube in three chunks, and TikTok (one PUT: it takes files under 64 MB whole) with the
    // Content-Length it requires (the test's emulator answers 411 without one).
    const size = 700 * KIB;
    const progress = [];
    const job = await youtube.publishVideo(youtubeConnection, {
      source: fromBytes(noise(size, 1), { type: "video/mp4" }),
      options: { title: "Bytes upload" },
      chunkSize: 256 * KIB,
      onProgress: ({ bytesSent }) => progress.push(bytesSent),
    });
    if (progress.at(-1) !== size || progress.length < 3)
      throw new Error(`progress was ${progress.join(",")}`);
    const tiktokProgress = [];
    const draft = await tiktok.publishVideo(tiktokConnection, {
      source: fromBytes(noise(1_000_000, 5), { name: "clip.mp4", type: "video/mp4" }),
      options: { mode: "draft" },
      onProgress: ({ bytesSent }) => tiktokProgress.push(bytesSent),
    });
    if (tiktokProgress.at(-1) !== 1_000_000)
      throw new Error(`TikTok progress was ${tiktokProgress.join(",")}`);
    return { outcomes: [job.outcome, draft.outcome], progress };
  });

  await flow("chunked-upload-blob", async () => {
    const size = 700 * KIB;
    const progress = [];
    const job = await youtube.publishVideo(youtubeConnection, {
      source: fromBlob(new Blob([noise(size, 2)], { type: "video/mp4" })),
      options: { title: "Blob upload" },
      chunkSize: 256 * KIB,
      onProgress: ({ bytesSent }) => progress.push(bytesSent),
    });
    if (progress.at(-1) !== size || progress.length < 3)
      throw new Error(`progress was ${progress.join(",")}`);
    const draft = await tiktok.publishVideo(tiktokConnection, {
      source: fromBlob(new Blob([noise(600_000, 6)], { type: "video/mp4" })),
      options: { mode: "draft" },
    });
    return { outcomes: [job.outcome, draft.outcome], progress };
  });

  await flow("resume", async () => {
    // The second chunk PUT fails and the upload stops; it continues from the last saved state.
    const bytes = noise(768 * KIB, 3);
    await control("/fault", { platform: "youtube", method: "PUT", after: 1, status: 503, times: 100 });
    let saved;
    let stopped;
    try {
      await youtube.publishVideo(youtubeConnection, {
        source: fromBytes(bytes, { type: "video/mp4" }),
        options: { title: "Resumed upload" },
        chunkSize: 256 * KIB,
        retry: { retries: 0 },
        onResumeState: (state) => {
          saved = JSON.stringify(state);
        },
      });
    } catch (error) {
      stopped = error;
    }
    if (!UploadError.isInstance(stopped))
      throw new Error(`the faulted upload did not stop with an UploadError: ${stopped}`);
    if (!saved) throw new Error("no resume state was saved");
    await control("/clear");
    const state = parseResumeState(JSON.parse(saved));
    const job = await youtube.resumeUpload(youtubeConnection, state, {
      source: fromBytes(bytes, { type: "video/mp4" }),
    });
    if (!job.ids.videoId) throw new Error("the resumed upload has no video id");
    return { stoppedWith: stopped.code, resumedFrom: state.offset, outcome: job.outcome };
  });

  await flow("youtube-single", async () => {
    const size = 1536 * KIB;
    const progress = [];
    const job = await youtube.publishVideo(youtubeConnection, {
      source: fromBytes(noise(size, 4), { type: "video/mp4" }),
      options: { title: "Single request" },
      mode: "single",
      onProgress: ({ bytesSent }) => progress.push(bytesSent),
    });
    if (progress.at(-1) !== size) throw new Error(`progress was ${progress.join(",")}`);
    return { outcome: job.outcome };
  });

  await flow("denied-consent", async () => {
    await control("/consent", { platform: "youtube", mode: "deny" });
    const login = await youtube.createAuthorizationUrl({
      scopes: ["https://www.googleapis.com/auth/youtube.readonly"],
    });
    const callback = await approve(login.url);
    try {
      await youtube.connect(callback, login.session);
    } catch (error) {
      if (OAuthError.isInstance(error) && error.code === "OAUTH_ACCESS_DENIED") return { code: error.code };
      throw error;
    } finally {
      await control("/consent", { platform: "youtube", mode: "approve" });
    }
    throw new Error("connect accepted a denied consent");
  });

  await flow("server-fault", async () => {
    await control("/fault", { platform: "tiktok", role: "api", status: 500, times: 100 });
    try {
      await tiktok.getProfile(tiktokConnection);
    } catch (error) {
      if (
        PostkitError.isInstance(error) &&
        !CapabilityError.isInstance(error) &&
        error.status === 500 &&
        error.retryable
      )
        return { name: error.name, code: error.code };
      throw error;
    }
    throw new Error("a 500 from the server was taken as a profile");
  });

  let metaPage;
  await flow("meta-connect-profile", async () => {
    // One Facebook login: the dialog approves at once, the Pages come with their Page tokens.
    const login = await meta.createAuthorizationUrl({ scopes: [...defaultFacebookScopes] });
    const { accounts } = await meta.connect(await approve(login.url), login.session);
    metaPage = accounts.find((connection) => connection.account.platform === "facebook");
    if (!metaPage) throw new Error("the Facebook login returned no Page");
    const profile = await meta.getProfile(metaPage);
    if (profile.id !== metaPage.account.id) throw new Error("the Page's profile has another id");
    return {
      accounts: accounts.length,
      platforms: accounts.map((connection) => connection.account.platform),
    };
  });

  await flow("meta-reel", async () => {
    // A Page Reel from bytes: start, one streamed request to the rupload host, finish.
    const size = 600 * KIB;
    const progress = [];
    const job = await meta.publishVideo(metaPage, {
      source: fromBytes(noise(size, 7), { type: "video/mp4" }),
      options: { kind: "reel", description: "Runtime Reel" },
      onProgress: ({ bytesSent }) => progress.push(bytesSent),
    });
    if (progress.at(-1) !== size) throw new Error(`progress was ${progress.join(",")}`);
    if (!job.ids.videoId) throw new Error("the Reel has no video id");
    return { outcome: job.outcome };
  });

  return { runtime: runtimeInfo(), flows };
}
