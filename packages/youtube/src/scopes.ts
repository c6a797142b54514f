// YouTube scopes and which operation accepts which (https://developers.google.com/youtube/v3/guides/auth/server-side-web-apps, from the discovery document's
// per-method `scopes`).
import { ScopeError } from "@postkit/core";

/**
 * The OAuth scopes this package knows, by short name.
 * @group Scopes
 */
export const YouTubeScopes = {
  /** "Manage your YouTube videos": upload and set thumbnails only; cannot read the channel. */
  upload: "https://www.googleapis.com/auth/youtube.upload",
  /** "Manage your YouTube account": everything except comments. */
  manage: "https://www.googleapis.com/auth/youtube",
  /** "View your YouTube account": channel, videos and playlists, read only. */
  readonly: "https://www.googleapis.com/auth/youtube.readonly",
  /** "See, edit, and permanently delete your YouTube videos, ratings, comments and captions". */
  forceSsl: "https://www.googleapis.com/auth/youtube.force-ssl",
  /** For YouTube content partners. */
  partner: "https://www.googleapis.com/auth/youtubepartner",
  /** For YouTube content partners' channel audits (channels.list only). */
  partnerChannelAudit: "https://www.googleapis.com/auth/youtubepartner-channel-audit",
} as const;

/** A YouTube OAuth scope URL. Other Google scopes (e.g. `openid`) are accepted as plain strings. @group Scopes */
export type YouTubeScope = (typeof YouTubeScopes)[keyof typeof YouTubeScopes] | (string & {});

/** The operations whose scopes this package checks before sending. @group Scopes */
export type YouTubeOperation =
  | "channels.list"
  | "videos.insert"
  | "videos.list"
  | "videos.update"
  | "videos.delete"
  | "playlistItems.list"
  | "thumbnails.set";

const { upload, manage, readonly, forceSsl, partner, partnerChannelAudit } = YouTubeScopes;

/**
 * For each operation, the scopes any one of which is enough (https://developers.google.com/youtube/v3/guides/auth/server-side-web-apps). The first is the one
 * postkit suggests adding when none is granted.
 * @group Scopes
 */
export const operationScopes: Readonly<Record<YouTubeOperation, readonly string[]>> = Object.freeze({
  "channels.list": [readonly, manage, forceSsl, partner, partnerChannelAudit],
  "videos.insert": [upload, manage, forceSsl, partner],
  "thumbnails.set": [upload, manage, forceSsl, partner],
  "videos.list": [readonly, manage, forceSsl, partner],
  "playlistItems.list": [readonly, manage, forceSsl, partner],
  "videos.update": [manage, forceSsl, partner],
  "videos.delete": [manage, forceSsl, partner],
});

/**
 * The scopes to request for upload, channel profile, listing, update and delete:
 * `youtube.upload`, `youtube.readonly` and `youtube` (https://developers.google.com/youtube/v3/guides/auth/server-side-web-apps: `youtube.upload` alone cannot read the channel).
 * @group Scopes
 */
export const defaultYouTubeScopes: readonly YouTubeScope[] = Object.freeze([upload, readonly, manage]);

/**
 * Throws a `ScopeError` when `granted` holds none of the scopes `operation` accepts. `missing`
 * names the scope to add (the narrowest that works). An empty `granted` list means "unknown" and passes.
 * @group Scopes
 */
export function assertOperationScopes(granted: readonly string[], operation: YouTubeOperation): void {
  if (granted.length === 0) return;
  const accepted = operationScopes[operation];
  if (accepted.some((scope) => granted.includes(scope))) return;
  const suggested = accepted[0]!;
  throw new ScopeError(`youtube: ${operation} needs one of ${accepted.join(", ")}, which the grant lacks.`, {
    platform: "youtube",
    missing: [suggested],
    granted,
    hint: `Add ${suggested} to the authorization request and have the user connect again.`,
  });
}
