// The Meta emulator's Instagram Login test controls: the app's credentials, the account, and
// tokens minted without a login (of a chosen age, for the 24-hour refresh rule).
import { IG_LONG_LIVED_S } from "./instagram-oauth.js";
import { issueInstagramToken, type MetaEmulatedInstagramLogin } from "./instagram-state.js";
import type { MetaState } from "./state.js";

/** What the Meta emulator offers tests about Instagram Login. */
export interface InstagramLoginControls {
  /** The Instagram app: its id and secret (not the Facebook app's) and its one redirect URI. */
  readonly instagramLogin: {
    /** The Instagram app id. */
    readonly appId: string;
    /** The Instagram app secret (contains the secret marker). */
    readonly appSecret: string;
    /** The first valid redirect URI (`instagramLogin.redirectUris`). */
    readonly redirectUri: string;
    /** The account that logs in (live: change it to change what `/me` says). */
    readonly account: MetaEmulatedInstagramLogin;
  };
  /**
   * Mints a long-lived Instagram Login token with `scopes` (all five by default), issued `ageMs`
   * ago (0 by default) and valid 60 days from then.
   */
  issueInstagramToken(scopes?: readonly string[], options?: { ageMs?: number | undefined }): string;
  /** Revokes an Instagram Login token: the next call with it gets 190 with `subcode` (460 by default: password changed). */
  revokeInstagramToken(token: string, subcode?: number): void;
}

const ALL = [
  "instagram_business_basic",
  "instagram_business_content_publish",
  "instagram_business_manage_comments",
  "instagram_business_manage_messages",
  "instagram_business_manage_insights",
];

/** The controls over `state`. @internal */
export function instagramLoginControls(state: MetaState): InstagramLoginControls {
  const ig = state.instagram;
  return {
    instagramLogin: {
      appId: ig.appId,
      appSecret: ig.appSecret,
      redirectUri: ig.redirectUri,
      account: ig.account,
    },
    issueInstagramToken(scopes = ALL, options = {}) {
      return issueInstagramToken(ig, state.clock, {
        kind: "long",
        scopes,
        lifetimeS: IG_LONG_LIVED_S,
        ageMs: options.ageMs,
      });
    },
    revokeInstagramToken(token, subcode = 460) {
      ig.revoked.set(token, subcode);
    },
  };
}
