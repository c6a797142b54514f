import type { CredentialSource } from "../tokens/credential-source.js";
import type { TokenSet } from "../tokens/token-set.js";

/**
 * The account kinds postkit knows. Platform packages outside this repository may use any string.
 * @group Contract
 */
export type PlatformId = "tiktok" | "youtube" | "facebook" | "instagram" | (string & {});

/**
 * One account an app can act as: a TikTok user, a YouTube channel, a Facebook Page, an Instagram
 * professional account. Plain JSON: store it with the user's data.
 *
 * A login yields one or more accounts (`connect`): TikTok and YouTube one, Meta several (each
 * Page and each linked Instagram account, with its own token). Every account-level operation
 * takes a {@link Connection} naming the account, so "publish to this Page" and "publish to this
 * TikTok user" are the same call.
 *
 * @group Contract
 */
export interface Account {
  /** The platform the account lives on. */
  platform: PlatformId;
  /** The platform's stable id of the account (TikTok `open_id`, YouTube channel id, Page id). */
  id: string;
  /** The name the platform shows for the account. */
  displayName: string;
  /**
   * The key its credentials are stored under in a `TokenStore` (several accounts of one Meta
   * login each have their own). Stable: derived from the platform and the account id.
   */
  credentialKey: string;
  /**
   * The API host the account is reached on, when it is not the platform's default (Instagram
   * accounts connected through Instagram Login live on `graph.instagram.com`).
   */
  apiBaseUrl?: string | undefined;
  /** Handle without `@`, when the platform has one and the granted scopes reveal it. */
  username?: string | undefined;
  /** The avatar image URL, when the granted scopes reveal it. */
  avatarUrl?: string | undefined;
}

/**
 * What acts for an account: plain tokens (the SDK refreshes them in memory, one refresh per grant
 * at a time, and reports new ones through the provider's `onTokens`), or a
 * {@link CredentialSource} bound to a `TokenStore` (refreshes are saved there before they are
 * used, shared safely by every instance of the app).
 * @group Contract
 */
export type Credentials = TokenSet | CredentialSource;

/**
 * An account and what acts for it: the first argument of every account-level operation.
 * `credentials` may be left out when the provider was given a `tokenStore`: the account's
 * `credentialKey` is then loaded from it.
 *
 * @group Contract
 */
export interface Connection<TAccount extends Account = Account> {
  /** The account to act on. */
  account: TAccount;
  /** What acts for it; loaded from the provider's `tokenStore` when absent. */
  credentials?: Credentials | undefined;
}

/**
 * What `connect` returns after a login: the grant's tokens (already saved when the provider has
 * a `tokenStore`), and each account the login can act as, ready to pass to other operations.
 * @group Contract
 */
export interface ConnectResult<TAccount extends Account = Account> {
  /** The user's grant, as the token endpoint returned it. */
  tokens: TokenSet;
  /** The accounts this login can act as, each with its own credentials. */
  accounts: Array<
    Connection<TAccount> & {
      /** The account's own tokens (a Page token on Meta; the grant itself on TikTok and YouTube). */
      credentials: TokenSet;
    }
  >;
  /** The scopes the user granted (may be fewer than requested). */
  grantedScopes: string[];
}

/**
 * The stable credential key of an account: `platform:id`.
 * @group Contract
 */
export function credentialKeyOf(platform: PlatformId, id: string): string {
  return `${platform}:${id}`;
}
