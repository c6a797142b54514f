// A strict, stateful fake of Facebook Login and the Graph API parts @postkit/meta uses: the
// dialog, the code and long-lived exchanges, /me/permissions, /me/accounts (paged) with Page
// tokens and linked Instagram accounts, Page and Instagram profiles, Graph error bodies,
// appsecret_proof and usage headers. One concern per file: state, oauth, routes/*, errors.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { EmulatorContext, PlatformEmulator } from "../harness/emulator.js";
import { graphError, invalidToken } from "./errors.js";
import { metaFaultPreset } from "./faults.js";
import { type InstagramLoginControls, instagramLoginControls } from "./instagram-controls.js";
import { instagramGraph } from "./instagram-graph.js";
import { instagramPublishing } from "./instagram-publishing.js";
import {
  type InstagramPublishingControls,
  instagramPublishingControls,
  type MetaEmulatedContainer,
} from "./instagram-publishing-controls.js";
import type {
  EmulatedContainerStatus,
  EmulatedInstagramMedia,
  InstagramContainerInfo,
  InstagramContainerPlan,
  InstagramPublishingOptions,
} from "./instagram-publishing-state.js";
import { instagramAuthorize, instagramCodeExchange } from "./instagram-oauth.js";
import type { InstagramLoginOptions, MetaEmulatedInstagramLogin } from "./instagram-state.js";
import { accessToken, dialog, permissions } from "./oauth.js";
import { meAccounts } from "./routes/accounts.js";
import { debugToken } from "./routes/debug-token.js";
import { node } from "./routes/profiles.js";
import { pageFeed, pagePhotos } from "./routes/page-posts.js";
import { appUploads, pageReels, pageVideos, uploadSession, videoStatus } from "./routes/page-videos.js";
import { type RuploadListener, rupload } from "./routes/rupload.js";
import type { MetaEmulatedPhoto, MetaEmulatedPost, MetaEmulatedVideo } from "./page-state.js";
import {
  createState,
  type IssuedToken,
  issueToken,
  type MetaEmulatedInstagram,
  type MetaEmulatedPage,
  type MetaEmulatedRupload,
  type MetaEmulatorOptions,
} from "./state.js";

export type {
  EmulatedContainerStatus,
  EmulatedInstagramMedia,
  InstagramContainerInfo,
  InstagramContainerPlan,
  InstagramPublishingControls,
  InstagramPublishingOptions,
  MetaEmulatedContainer,
  InstagramLoginControls,
  InstagramLoginOptions,
  MetaEmulatedInstagram,
  MetaEmulatedInstagramLogin,
  MetaEmulatedPage,
  MetaEmulatedRupload,
  MetaEmulatorOptions,
};
export type { MetaEmulatedPhoto, MetaEmulatedPost, MetaEmulatedVideo };
export { META_EMULATOR_RULES } from "./rule-table.js";

/** What the rupload host holds for one video or container: size, SHA-256, and the bytes when retained. */
export interface MetaUploadedBytes {
  /** Bytes received. */
  size: number;
  /** `file_size` the client declared. */
  fileSize: number | undefined;
  /** Every byte arrived (or a `file_url` was given). */
  complete: boolean;
  /** Hex SHA-256 of the bytes received. */
  sha256: string;
  /** The bytes, or `undefined` past `retainBytes`. */
  bytes(): Uint8Array | undefined;
}

/** Meta's host roles, named as `@postkit/meta`'s `baseUrls`. */
export interface MetaHosts {
  /** `https://www.facebook.com`: the login dialog. */
  dialog: string;
  /** `https://graph.facebook.com`. */
  graph: string;
  /** `https://graph.instagram.com`. */
  instagramGraph: string;
  /** `https://api.instagram.com`. */
  instagramApi: string;
  /** `https://www.instagram.com`: Instagram Login's authorize window. */
  instagramDialog: string;
  /** `https://rupload.facebook.com`. */
  rupload: string;
}

/** The Meta emulator: a platform emulator plus test controls. */
export interface MetaEmulator extends PlatformEmulator, InstagramLoginControls, InstagramPublishingControls {
  /** Always `"meta"`. */
  readonly platform: "meta";
  /** Meta's real hosts by role. */
  readonly defaultBaseUrls: Readonly<MetaHosts>;
  /** The app id. */
  readonly clientId: string;
  /** The app secret (contains the secret marker). */
  readonly clientSecret: string;
  /** The first valid OAuth redirect URI (`redirectUris`). */
  readonly redirectUri: string;
  /** The user's Pages (live: change them to change what `/me/accounts` says). */
  readonly pages: MetaEmulatedPage[];
  /** Mints a user token with `scopes`, as the long-lived exchange would (`expiresInS` seconds). */
  issueUserToken(scopes: readonly string[], expiresInS?: number): string;
  /** Mints a Page token of `pageId` with `scopes`. */
  issuePageToken(pageId: string, scopes: readonly string[]): string;
  /** Revokes a token: the next call with it gets 190 with `subcode` (460 by default: password changed). */
  invalidate(token: string, subcode?: number): void;
  /** Sends `value` (JSON) as the usage header `name` on every Graph response; `undefined` stops it. */
  setUsage(name: "x-app-usage" | "x-page-usage" | "x-business-use-case-usage", value: unknown): void;
  /** Permissions the user declines from now on. */
  decline(permission: string): void;
  /** Moves the emulator's clock forward. */
  advance(ms: number): void;
  /** What the rupload host received for a video or container id; `undefined` when none was opened. */
  uploadedBytes(id: string): MetaUploadedBytes | undefined;
  /** Page posts made so far (text, link, photos, scheduled), oldest first. */
  pagePosts(): MetaEmulatedPost[];
  /** Page photos uploaded so far. */
  pagePhotos(): MetaEmulatedPhoto[];
  /** Page videos and Reels so far. */
  pageVideos(): MetaEmulatedVideo[];
  /** The next Page video or Reel to finish fails processing with `message`. */
  failNextVideo(message: string): void;
  /**
   * Calls `listener` after every piece of an upload body is stored (rupload host: the video or
   * container id; Resumable Upload API: the `upload:…` session id); returns the unsubscribe.
   */
  watchUploads(listener: (upload: { id: string; received: number }) => void): () => void;
}

const GRAPH_PATH = /^\/(v\d+\.\d+)(\/.*)$/;

/** A fresh Meta emulator. */
export function createMetaEmulator(options: MetaEmulatorOptions = {}): MetaEmulator {
  const state = createState(options);
  const revoked = new Map<string, number>();
  const uploadListeners = new Set<RuploadListener>();

  /** A live token the emulator issued (not revoked, not expired). */
  function lookup(token: string): IssuedToken | undefined {
    if (revoked.has(token)) return undefined;
    const issued = state.tokens.get(token);
    if (!issued || (issued.expiresAt !== undefined && issued.expiresAt <= state.clock.now()))
      return undefined;
    return issued;
  }

  function bearer(request: Request): string | undefined {
    const header = request.headers.get("authorization");
    const match = header ? /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(header) : null;
    return match?.[1] ?? new URL(request.url).searchParams.get("access_token") ?? undefined;
  }

  function checkProof(request: Request, token: string): Response | undefined {
    const proof = new URL(request.url).searchParams.get("appsecret_proof");
    if (!proof && !state.requireAppSecretProof) return undefined;
    const expected = createHmac("sha256", state.clientSecret).update(token).digest("hex");
    const ok =
      proof !== null &&
      proof.length === expected.length &&
      timingSafeEqual(Buffer.from(proof), Buffer.from(expected));
    return ok
      ? undefined
      : graphError(400, 100, "Invalid appsecret_proof provided in the API argument", {
          type: "GraphMethodException",
        });
  }

  function authenticate(request: Request): IssuedToken | Response {
    const token = bearer(request);
    if (!token)
      return graphError(
        400,
        2500,
        "An active access token must be used to query information about the current user.",
        { type: "OAuthException" },
      );
    const subcode = revoked.get(token);
    if (subcode !== undefined) return invalidToken(subcode);
    const issued = state.tokens.get(token);
    if (!issued) return invalidToken();
    if (issued.expiresAt !== undefined && issued.expiresAt <= state.clock.now()) return invalidToken(463);
    return checkProof(request, token) ?? issued;
  }

  function withUsage(response: Response): Response {
    for (const [name, value] of state.usage) response.headers.set(name, value);
    return response;
  }

  async function graph(request: Request, context: EmulatorContext): Promise<Response> {
    const match = GRAPH_PATH.exec(context.path);
    if (!match) return graphError(400, 2500, "Unknown path components", { type: "OAuthException" });
    const path = match[2] ?? "/";
    if (request.method === "GET" && path === "/oauth/access_token") return accessToken(state, request);
    // Resumable Upload API sessions: the token in `Authorization: OAuth`, no appsecret_proof.
    const session = /^\/upload:([^/]+)$/.exec(path)?.[1];
    if (session && (request.method === "GET" || request.method === "POST")) {
      const token = bearer(request);
      const issued = token ? lookup(token) : undefined;
      if (!issued) {
        await request.body?.cancel().catch(() => {});
        return invalidToken();
      }
      return uploadSession(state, issued, session, request, uploadListeners);
    }
    if (request.method === "GET" && path === "/debug_token") return debugToken(state, request, revoked);
    const auth = authenticate(request);
    if (auth instanceof Response) return auth;
    const edge = /^\/([^/]+)\/(feed|photos|videos|video_reels|uploads)$/.exec(path);
    if (request.method === "POST" && edge) {
      const [, owner = "", name] = edge;
      if (name === "feed") return pageFeed(state, auth, owner, request);
      if (name === "photos") return pagePhotos(state, auth, owner, request);
      if (name === "videos") return pageVideos(state, auth, owner, request);
      if (name === "uploads") return appUploads(state, auth, owner, request);
      return pageReels(state, auth, owner, request, (videoId) =>
        context.urlFor("rupload", `/video-upload/${match[1]}/${videoId}`),
      );
    }
    const url = new URL(request.url);
    if (request.method === "GET" && path === "/me/permissions") {
      if (auth.kind !== "user")
        return graphError(
          400,
          100,
          "(#100) Tried accessing nonexisting field (permissions) on node type (Page)",
        );
      return permissions(state, auth.scopes);
    }
    if (request.method === "GET" && path === "/me/accounts") {
      return meAccounts(state, auth, request, context.urlFor("graph", `${context.path}${url.search}`));
    }
    const ruploadUrl = (id: string) =>
      context.urlFor("rupload", `/ig-api-upload/${match[1]}/${encodeURIComponent(id)}`);
    const published = await instagramPublishing(
      state,
      { host: "facebook", token: auth },
      request,
      path,
      ruploadUrl,
    );
    if (published) return published;
    const id = /^\/([^/]+)$/.exec(path)?.[1];
    if (request.method === "GET" && id) {
      const video = videoStatus(state, auth, id, request);
      if (video) return video;
      const found = node(state, auth, id, request);
      if (found) return found;
    }
    return graphError(
      400,
      100,
      `(#100) Unsupported ${request.method.toLowerCase()} request: the object does not exist or this operation is not supported`,
      { subcode: 33 },
    );
  }

  return {
    platform: "meta",
    defaultBaseUrls: Object.freeze({
      dialog: "https://www.facebook.com",
      graph: "https://graph.facebook.com",
      instagramGraph: "https://graph.instagram.com",
      instagramApi: "https://api.instagram.com",
      instagramDialog: "https://www.instagram.com",
      rupload: "https://rupload.facebook.com",
    }),
    clientId: state.clientId,
    clientSecret: state.clientSecret,
    redirectUri: state.redirectUri,
    pages: state.pages,
    faultPreset: (name, presetOptions) =>
      metaFaultPreset(
        state,
        {
          revokeAll() {
            for (const token of state.tokens.keys()) if (!revoked.has(token)) revoked.set(token, 460);
            for (const token of state.instagram.tokens.keys())
              if (!state.instagram.revoked.has(token)) state.instagram.revoked.set(token, 460);
          },
        },
        name,
        presetOptions,
      ),
    async handle(request: Request, context: EmulatorContext): Promise<Response> {
      if (context.role === "dialog" && /^\/v\d+\.\d+\/dialog\/oauth$/.test(context.path)) {
        return dialog(state, request, context);
      }
      if (context.role === "graph") return withUsage(await graph(request, context));
      if (context.role === "rupload") return rupload(state, request, context.path, lookup, uploadListeners);
      if (
        (context.role === "instagramDialog" || context.role === "instagramApi") &&
        context.path === "/oauth/authorize"
      ) {
        return instagramAuthorize(state, request, context);
      }
      if (context.role === "instagramApi" && context.path === "/oauth/access_token") {
        return instagramCodeExchange(state, request);
      }
      if (context.role === "instagramGraph") return withUsage(await instagramGraph(state, request, context));
      return graphError(
        404,
        803,
        `(#803) Unknown path ${context.path} on ${context.role} (not emulated yet)`,
      );
    },
    issueUserToken(scopes, expiresInS = 5_183_944) {
      return issueToken(state, {
        kind: "user",
        scopes: [...scopes],
        expiresAt: state.clock.now() + expiresInS * 1000,
      });
    },
    issuePageToken(pageId, scopes) {
      return issueToken(state, { kind: "page", scopes: [...scopes], expiresAt: undefined, pageId });
    },
    invalidate(token, subcode = 460) {
      revoked.set(token, subcode);
    },
    setUsage(name, value) {
      if (value === undefined) state.usage.delete(name);
      else state.usage.set(name, JSON.stringify(value));
    },
    decline(permission) {
      state.declined.add(permission);
    },
    advance(ms) {
      state.clock.advance(ms);
    },
    uploadedBytes(id) {
      const entry = state.ruploads.get(id);
      if (entry) {
        return {
          size: entry.sink.size,
          fileSize: entry.fileSize,
          complete: entry.complete,
          sha256: entry.sink.sha256(),
          bytes: () => entry.sink.bytes(),
        };
      }
      // A Page video: the Resumable Upload API session its handle came from.
      const handle = state.publishing.videos.get(id)?.handle;
      const session = [...state.publishing.sessions.values()].find(
        (candidate) => candidate.handle === handle,
      );
      if (!handle || !session) return undefined;
      return {
        size: session.sink.size,
        fileSize: session.fileLength,
        complete: true,
        sha256: session.sink.sha256(),
        bytes: () => session.sink.bytes(),
      };
    },
    pagePosts: () => [...state.publishing.posts.values()],
    pagePhotos: () => [...state.publishing.photos.values()],
    pageVideos: () => [...state.publishing.videos.values()],
    failNextVideo(message) {
      state.publishing.failures.push(message);
    },
    watchUploads(listener) {
      uploadListeners.add(listener);
      return () => uploadListeners.delete(listener);
    },
    ...instagramLoginControls(state),
    ...instagramPublishingControls(state),
  };
}
