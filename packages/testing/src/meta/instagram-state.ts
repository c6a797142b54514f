// The Instagram Login (Instagram API with Instagram Login) part of the Meta emulator's state: the
// Instagram app, the professional account that logs in, and the codes and tokens issued to it.
// https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/business-login
import { randomInt } from "node:crypto";
import type { Clock } from "../harness/clock.js";
import { mintSecret } from "../harness/secrets.js";
import type { MetaEmulatedInstagram } from "./state.js";

/** The Instagram professional account that logs in with Instagram Login. */
export interface MetaEmulatedInstagramLogin extends MetaEmulatedInstagram {
  /**
   * The `id` `/me` answers and the code exchange's `user_id` (an app-scoped id, above 2^53).
   * `id` above is `/me`'s `user_id`, the professional account id publishing uses.
   */
  scopedId: string;
}

/** Instagram Login options of `createMetaEmulator`. */
export interface InstagramLoginOptions {
  /**
   * The shape of the code exchange's answer. Meta documents both: `"wrapped"`
   * (`{"data":[{access_token,user_id:"…",permissions:"a,b"}]}`, the Business Login page) and
   * `"flat"` (`{"access_token":"…","user_id":17841…}`, a bare number above 2^53, the
   * `/oauth/access_token` reference). @default "wrapped"
   */
  tokenShape?: "wrapped" | "flat" | undefined;
  /** The account. @default a professional account not linked to any Page */
  account?: MetaEmulatedInstagramLogin | undefined;
  /** Permissions the user leaves out on the authorize window. */
  declined?: readonly string[] | undefined;
  /**
   * The Instagram app's redirect URIs, matched exactly; the first is `instagramLogin.redirectUri`.
   * @default ["https://app.example/callback/instagram"]
   */
  redirectUris?: readonly string[] | undefined;
}

/** A token Instagram Login issued. */
export interface InstagramIssuedToken {
  /** `short`: from the code (1 hour); `long`: from `ig_exchange_token` or a refresh (60 days). */
  kind: "short" | "long";
  scopes: string[];
  issuedAt: number;
  expiresAt: number;
}

/** @internal */
export interface InstagramLoginState {
  appId: string;
  appSecret: string;
  redirectUri: string;
  redirectUris: readonly string[];
  account: MetaEmulatedInstagramLogin;
  tokenShape: "wrapped" | "flat";
  declined: Set<string>;
  codes: Map<string, { scopes: string[]; redirectUri: string; expiresAt: number }>;
  tokens: Map<string, InstagramIssuedToken>;
  /** Revoked tokens and the 190 subcode they answer with (460: password changed, as Facebook tokens). */
  revoked: Map<string, number>;
}

/** A decimal id of `digits` digits starting with `prefix` (Instagram ids are numbers above 2^53). */
export function numericId(prefix: string, digits = 17): string {
  let id = prefix;
  while (id.length < digits) id += String(randomInt(10));
  return id;
}

/** The default Instagram Login account: a professional account with no Page. */
export function defaultInstagramLoginAccount(): MetaEmulatedInstagramLogin {
  return {
    id: numericId("17841"),
    scopedId: numericId("2"),
    username: "postkit.studio",
    name: "Postkit Studio",
    profilePictureUrl: "https://scontent.example/ig-studio.jpg",
    biography: "Films, weekly.",
    website: "https://studio.example",
    followersCount: 2100,
    followsCount: 64,
    mediaCount: 23,
  };
}

/** @internal */
export function createInstagramLoginState(options: InstagramLoginOptions = {}): InstagramLoginState {
  const redirectUris = [...(options.redirectUris ?? ["https://app.example/callback/instagram"])];
  if (redirectUris[0] === undefined)
    throw new Error("createMetaEmulator: instagramLogin.redirectUris needs at least one URI");
  return {
    appId: numericId("9", 16),
    appSecret: mintSecret("ig-"),
    redirectUri: redirectUris[0],
    redirectUris,
    account: options.account ?? defaultInstagramLoginAccount(),
    tokenShape: options.tokenShape ?? "wrapped",
    declined: new Set(options.declined ?? []),
    codes: new Map(),
    tokens: new Map(),
    revoked: new Map(),
  };
}

/** Mints an Instagram Login token and remembers it. @internal */
export function issueInstagramToken(
  ig: InstagramLoginState,
  clock: Clock,
  token: { kind: "short" | "long"; scopes: readonly string[]; lifetimeS: number; ageMs?: number | undefined },
): string {
  const value = mintSecret(token.kind === "short" ? "IGQ" : "IGAA");
  const issuedAt = clock.now() - (token.ageMs ?? 0);
  ig.tokens.set(value, {
    kind: token.kind,
    scopes: [...token.scopes],
    issuedAt,
    expiresAt: issuedAt + token.lifetimeS * 1000,
  });
  return value;
}
