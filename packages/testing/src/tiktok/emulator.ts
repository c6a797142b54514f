// createTikTokEmulator: builds the state, routes each request to its family's module, and exposes
// the test controls. Each route module gets the shared context instead of closing over it.
import { type Clock, createClock } from "../harness/clock.js";
import type { EmulatorContext, PlatformEmulator } from "../harness/emulator.js";
import { authenticate } from "./bearer.js";
import { readJson, type TikTokContext } from "./context.js";
import { methodNotAllowed, notFound } from "./errors.js";
import { tiktokFaultPreset } from "./faults.js";
import { authorize, revoke, token } from "./oauth.js";
import { resolveSettings, type TikTokEmulatorOptions } from "./options.js";
import { contentInit, creatorInfo, videoInit } from "./routes/posting.js";
import { cancel, statusFetch } from "./routes/status.js";
import { userInfo } from "./routes/user.js";
import { videoList, videoQuery } from "./routes/videos.js";
import {
  accountOf,
  createState,
  issueTokens,
  type TikTokCreatorSettings,
  type TikTokEmulatedPublish,
  type TikTokEmulatedUser,
  type TikTokEmulatedVideo,
} from "./state.js";
import { uploadPut } from "./upload-session.js";

/** TikTok's host roles. */
export interface TikTokHosts {
  /** Login Kit's authorization page (`https://www.tiktok.com`). */
  auth: string;
  /** The Open API: OAuth tokens, user info, videos, posting (`https://open.tiktokapis.com`). */
  api: string;
  /** Where upload URLs point (`https://open-upload.tiktokapis.com`). */
  upload: string;
}

/** One TikTok user of the emulator, as {@link TikTokEmulator.accounts} lists them. */
export interface TikTokEmulatedAccount {
  /** The account's profile. */
  readonly user: TikTokEmulatedUser;
  /** The account's posting settings. */
  readonly creator: TikTokCreatorSettings;
}

/** The TikTok emulator: a {@link PlatformEmulator} plus test controls. */
export interface TikTokEmulator extends PlatformEmulator {
  /** Always `"tiktok"`. */
  readonly platform: "tiktok";
  /** The app's `client_key`, to configure the SDK under test with. */
  readonly clientKey: string;
  /** The app's `client_secret` (minted unless given), to configure the SDK under test with. */
  readonly clientSecret: string;
  /** The registered redirect URIs; authorize and token calls must use one of them exactly. */
  readonly redirectUris: readonly string[];
  /** The first registered redirect URI, to configure the SDK under test with. */
  readonly redirectUri: string;
  /** TikTok's hosts by role, the same roles as `@postkit/tiktok`'s `baseUrls` option. */
  readonly defaultBaseUrls: Readonly<TikTokHosts>;
  /** The emulator's clock; a manual one lets a test expire tokens, codes and upload URLs. */
  readonly clock: Clock;
  /** The default account's posting settings. Mutable: change it between calls to test how the SDK reacts. */
  readonly creator: TikTokCreatorSettings;
  /** The default account's profile, which `user/info` answers from. Mutable, like `creator`. */
  readonly user: TikTokEmulatedUser;
  /** The default account's videos, newest first, as `video/list` and `video/query` serve them. */
  readonly videos: readonly TikTokEmulatedVideo[];
  /** Every account, the default one first, then the `otherAccounts` option's. Both parts are mutable. */
  accounts(): readonly TikTokEmulatedAccount[];
  /**
   * Makes the authorization page log in as the account with this `open_id` (the default account
   * until called), as if another user signed in to TikTok in the browser. Throws on an unknown id.
   */
  signIn(openId: string): void;
  /**
   * Mints tokens for `scopes` without the OAuth dance; returns TikTok's flat token response.
   * `options.openId` picks the account (an unknown one throws). @default the default account
   */
  issueTokens(
    scopes?: readonly string[],
    options?: {
      /** The account the tokens belong to. @default the default account's `open_id` */
      openId?: string;
    },
  ): Record<string, string | number>;
  /** A publish by id. */
  publish(publishId: string): TikTokEmulatedPublish | undefined;
  /** Every publish, oldest first. */
  publishes(): readonly TikTokEmulatedPublish[];
  /** Size and SHA-256 of the bytes received for `publishId`. */
  upload(publishId: string):
    | {
        /** Bytes received so far. */
        size: number;
        /** Hex SHA-256 of the bytes received so far. */
        sha256: string;
        /** The bytes, or `undefined` once the upload outgrew the `retainBytes` option. */
        bytes(): Uint8Array | undefined;
      }
    | undefined;
}

const API = "api";

/** The Open API paths behind a bearer token. */
const BEARER_PATHS: Record<string, true> = {
  "/v2/user/info/": true,
  "/v2/video/list/": true,
  "/v2/video/query/": true,
  "/v2/post/publish/creator_info/query/": true,
  "/v2/post/publish/video/init/": true,
  "/v2/post/publish/inbox/video/init/": true,
  "/v2/post/publish/content/init/": true,
  "/v2/post/publish/status/fetch/": true,
  "/v2/post/publish/cancel/": true,
};

/** A strict, stateful fake of TikTok's Login Kit, Display API and Content Posting API. */
export function createTikTokEmulator(options: TikTokEmulatorOptions = {}): TikTokEmulator {
  const clock = options.clock ?? createClock();
  const settings = resolveSettings(options);
  const state = createState(options, clock.now());
  const ctx: TikTokContext = { options, settings, clock, state };
  const { user, creator, videos } = state.defaultAccount;

  async function handle(request: Request, context: EmulatorContext): Promise<Response> {
    const { role, path } = context;
    if (role === "auth") {
      if (path === "/v2/auth/authorize/") return authorize(ctx, request, context);
      return notFound();
    }
    if (role === "upload") {
      if (path === "/video/" || path === "/video") return uploadPut(ctx, request, context);
      return notFound();
    }
    if (role !== API) return notFound();
    if (path === "/v2/oauth/token/") return token(ctx, request);
    if (path === "/v2/oauth/revoke/") return revoke(ctx, request);
    if (!BEARER_PATHS[path]) return notFound();
    const auth = authenticate(ctx, request, path);
    if (auth instanceof Response) return auth;
    switch (path) {
      case "/v2/user/info/":
        return userInfo(request, auth);
      case "/v2/video/list/":
        return videoList(request, auth);
      case "/v2/video/query/":
        return videoQuery(request, auth);
      case "/v2/post/publish/creator_info/query/":
        return creatorInfo(request, auth);
      case "/v2/post/publish/video/init/":
        return videoInit(ctx, request, context, auth, "video");
      case "/v2/post/publish/inbox/video/init/":
        return videoInit(ctx, request, context, auth, "inbox");
      case "/v2/post/publish/content/init/":
        return contentInit(ctx, request, auth);
      default: {
        if (request.method !== "POST") return methodNotAllowed();
        const body = (await readJson(request)) ?? {};
        return path === "/v2/post/publish/status/fetch/"
          ? statusFetch(ctx, body, auth)
          : cancel(ctx, body, auth);
      }
    }
  }

  const { publishes } = state;
  return {
    platform: "tiktok",
    defaultBaseUrls: Object.freeze({
      auth: "https://www.tiktok.com",
      api: "https://open.tiktokapis.com",
      upload: "https://open-upload.tiktokapis.com",
    }),
    handle,
    faultPreset: (name, presetOptions) => tiktokFaultPreset(ctx, name, presetOptions),
    clientKey: settings.clientKey,
    clientSecret: settings.clientSecret,
    redirectUris: settings.redirectUris,
    redirectUri: settings.redirectUris[0]!,
    clock,
    creator,
    user,
    videos,
    accounts: () => state.accounts.map((account) => ({ user: account.user, creator: account.creator })),
    signIn(openId) {
      state.signedIn = accountOf(state, openId);
    },
    issueTokens: (scopes, issue) =>
      issueTokens(ctx, scopes, issue?.openId === undefined ? {} : { openId: issue.openId }),
    publish: (publishId) => publishes.get(publishId),
    publishes: () => [...publishes.values()],
    upload(publishId) {
      const publish = publishes.get(publishId);
      if (!publish) return undefined;
      return { size: publish.sink.size, sha256: publish.sink.sha256(), bytes: () => publish.sink.bytes() };
    },
  };
}
