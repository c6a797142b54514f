// The Meta emulator's state: the app, the user, their Pages and linked Instagram accounts, and
// the tokens and codes it issued.
import { ByteSink } from "../harness/byte-sink.js";
import { type Clock, createClock } from "../harness/clock.js";
import type { ConsentMode } from "../harness/consent.js";
import { mintId, mintSecret } from "../harness/secrets.js";
import { createPagePublishing, type PagePublishing } from "./page-state.js";
import {
  createInstagramLoginState,
  type InstagramLoginOptions,
  type InstagramLoginState,
} from "./instagram-state.js";
import {
  createInstagramPublishingState,
  type InstagramPublishingOptions,
  type InstagramPublishingState,
} from "./instagram-publishing-state.js";

/** An Instagram professional account linked to a Page. */
export interface MetaEmulatedInstagram {
  /** The Instagram user id (`instagram_business_account.id`). */
  id: string;
  /** `username`. */
  username: string;
  /** `name`. */
  name: string;
  /** `profile_picture_url`. */
  profilePictureUrl: string;
  /** `biography`. */
  biography: string;
  /** `website`. */
  website: string;
  /** `followers_count`. */
  followersCount: number;
  /** `follows_count`. */
  followsCount: number;
  /** `media_count`. */
  mediaCount: number;
}

/** A Facebook Page the user manages. */
export interface MetaEmulatedPage {
  /** The Page id. */
  id: string;
  /** `name`. */
  name: string;
  /** `username`, when the Page has one. */
  username?: string | undefined;
  /** `category`. */
  category: string;
  /** `fan_count`. */
  fanCount: number;
  /** `followers_count`. */
  followersCount: number;
  /** `tasks` of the user on the Page. */
  tasks: string[];
  /** The linked Instagram professional account, if any. */
  instagram?: MetaEmulatedInstagram | undefined;
}

/** Options of `createMetaEmulator`. */
export interface MetaEmulatorOptions {
  /** The Pages of the user. @default two Pages, the first linked to Instagram */
  pages?: MetaEmulatedPage[] | undefined;
  /** Permissions the user declines on the dialog, whatever the app asks. */
  declined?: readonly string[] | undefined;
  /** Pages the user leaves out on the dialog (granular consent): no entry in `/me/accounts`. */
  ungrantedPages?: readonly string[] | undefined;
  /** What the dialog does. @default "approve" */
  consent?: ConsentMode | undefined;
  /**
   * The app's Valid OAuth Redirect URIs, matched exactly; the first is `emulator.redirectUri`.
   * @default ["https://app.example/callback/meta"]
   */
  redirectUris?: readonly string[] | undefined;
  /** Refuse Graph calls with a token but without a valid `appsecret_proof`. @default false */
  requireAppSecretProof?: boolean | undefined;
  /** `/me/accounts` items per page at most. @default 25 */
  accountsPageSize?: number | undefined;
  /** Time. */
  clock?: Clock | undefined;
  /** The Instagram Login app and account. */
  instagramLogin?: InstagramLoginOptions | undefined;
  /** Status reads a finished Page video or Reel stays `processing` before it is ready. @default 1 */
  processingReads?: number | undefined;
  /** Instagram publishing: the quota and each container's ready time and outcome. */
  instagramPublishing?: InstagramPublishingOptions | undefined;
  /** Bytes of each upload kept for `uploadedBytes(id).bytes()`; past it only size and SHA-256. @default 16 MiB */
  retainBytes?: number | undefined;
}

/**
 * The bytes one video (a Reel's `video_id`) or Instagram container received on the rupload host
 * (`/video-upload/{ver}/{id}`, `/ig-api-upload/{ver}/{id}`). Whoever hands out the upload URL
 * registers it with `openRupload` (routes/rupload.ts); container routes read `complete`.
 */
export interface MetaEmulatedRupload {
  /** The video or container id. */
  id: string;
  /** Which rupload path serves it. */
  kind: "video-upload" | "ig-api-upload";
  /** The Page whose Page token may send the bytes (an Instagram account's linked Page). */
  pageId: string;
  /** `file_size` of the first request; later requests must repeat it. */
  fileSize: number | undefined;
  /** Bytes received so far, in order. */
  received: number;
  /** The bytes (size and SHA-256 always; the bytes themselves up to `retainBytes`). */
  sink: ByteSink;
  /** Every byte arrived (or a `file_url` was given). */
  complete: boolean;
  /** The `file_url` header, when the upload was by URL. */
  fileUrl?: string | undefined;
  /** A request is streaming its body now. */
  busy: boolean;
  /** Requests received, for tests. */
  requests: number;
}

/** A token the emulator issued. */
export interface IssuedToken {
  kind: "user" | "page";
  scopes: string[];
  expiresAt: number | undefined;
  pageId?: string | undefined;
  /** When it was issued (set by `issueToken`). */
  issuedAt?: number | undefined;
}

/** @internal */
export interface MetaState {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  redirectUris: readonly string[];
  userId: string;
  userName: string;
  pages: MetaEmulatedPage[];
  declined: Set<string>;
  ungrantedPages: Set<string>;
  consent: ConsentMode;
  requireAppSecretProof: boolean;
  accountsPageSize: number;
  clock: Clock;
  codes: Map<string, { scopes: string[]; redirectUri: string; expiresAt: number }>;
  tokens: Map<string, IssuedToken>;
  /** Usage headers to send with every Graph response, as raw JSON strings by header name. */
  usage: Map<string, string>;
  /** Uploads on the rupload host, by video or container id. */
  ruploads: Map<string, MetaEmulatedRupload>;
  /** Rupload ids whose upload URL the `upload-url-expired` preset ended. */
  expiredRuploads: Set<string>;
  /** See {@link MetaEmulatorOptions.retainBytes}. */
  retainBytes: number;
  /** Facebook Page posts, photos, videos, Reels and upload sessions. */
  publishing: PagePublishing;
  /** Instagram Login: its app, account, codes and tokens. */
  instagram: InstagramLoginState;
  /** Instagram publishing: containers, media and quota. */
  instagramPublishing: InstagramPublishingState;
}

/** The default user's Pages: one linked to Instagram, one not. */
export function defaultPages(): MetaEmulatedPage[] {
  return [
    {
      id: mintId("1"),
      name: "Postkit Bakery",
      username: "postkitbakery",
      category: "Bakery",
      fanCount: 1200,
      followersCount: 1350,
      tasks: ["ANALYZE", "ADVERTISE", "MODERATE", "CREATE_CONTENT", "MANAGE"],
      instagram: {
        id: mintId("17841"),
        username: "postkit.bakery",
        name: "Postkit Bakery",
        profilePictureUrl: "https://scontent.example/ig.jpg",
        biography: "Bread, daily.",
        website: "https://bakery.example",
        followersCount: 5400,
        followsCount: 120,
        mediaCount: 87,
      },
    },
    {
      id: mintId("1"),
      name: "Postkit Books",
      category: "Bookstore",
      fanCount: 300,
      followersCount: 310,
      tasks: ["CREATE_CONTENT", "MANAGE"],
    },
  ];
}

/** @internal */
export function createState(options: MetaEmulatorOptions): MetaState {
  const redirectUris = [...(options.redirectUris ?? ["https://app.example/callback/meta"])];
  if (redirectUris[0] === undefined)
    throw new Error("createMetaEmulator: redirectUris needs at least one URI");
  return {
    clientId: mintId("app"),
    clientSecret: mintSecret("meta-"),
    redirectUri: redirectUris[0],
    redirectUris,
    userId: mintId("10"),
    userName: "Postkit Tester",
    pages: options.pages ?? defaultPages(),
    declined: new Set(options.declined ?? []),
    ungrantedPages: new Set(options.ungrantedPages ?? []),
    consent: options.consent ?? "approve",
    requireAppSecretProof: options.requireAppSecretProof ?? false,
    accountsPageSize: options.accountsPageSize ?? 25,
    clock: options.clock ?? createClock(),
    codes: new Map(),
    tokens: new Map(),
    usage: new Map(),
    ruploads: new Map(),
    expiredRuploads: new Set(),
    retainBytes: options.retainBytes ?? 16 * 1024 * 1024,
    publishing: createPagePublishing(options.processingReads),
    instagram: createInstagramLoginState(options.instagramLogin),
    instagramPublishing: createInstagramPublishingState(options.instagramPublishing),
  };
}

/** Mints a token of `kind` and remembers it. @internal */
export function issueToken(state: MetaState, token: IssuedToken): string {
  const value = mintSecret(token.kind === "page" ? "EAAP" : "EAAU");
  state.tokens.set(value, { issuedAt: state.clock.now(), ...token });
  return value;
}

/** A fresh byte store for an upload. @internal */
export function newSink(state: MetaState): ByteSink {
  return new ByteSink(state.retainBytes);
}
