// Which login connected an account decides its host and its client: Facebook Login accounts
// (Pages, and Instagram accounts linked to them) go through `Meta` and graph.facebook.com;
// Instagram Login accounts through `InstagramLogin` and graph.instagram.com. A connection handed
// to the other client is refused before any request, rather than sent to the wrong host.
import { type Connection, ValidationError } from "@postkit/core";
import type { MetaAccount } from "./accounts.js";

/** The login that connected `account` (absent means Facebook Login). @internal */
export function loginOf(account: Partial<MetaAccount> | undefined): "facebook" | "instagram" {
  return account?.login === "instagram" ? "instagram" : "facebook";
}

/**
 * Throws a `ValidationError` unless the connection's account was connected by `expected`.
 * @internal
 */
export function requireLogin(connection: Connection, expected: "facebook" | "instagram"): MetaAccount {
  const account = connection?.account as MetaAccount | undefined;
  if (loginOf(account) === expected) return account as MetaAccount;
  throw expected === "facebook"
    ? new ValidationError(
        "meta: this account was connected with Instagram Login, which the Meta client does not serve.",
        {
          hint: "Use the InstagramLogin client (with the Instagram app's id and secret) for it.",
        },
      )
    : new ValidationError(
        "instagram: this account was connected with Facebook Login, which InstagramLogin does not serve.",
        {
          hint: "Use the Meta client for Pages and the Instagram accounts linked to them.",
        },
      );
}
