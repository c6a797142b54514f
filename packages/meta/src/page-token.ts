// The Page-token check the publishing modules run before any request: Page publishing (and
// Instagram via Facebook Login) needs the Page's own token, and a user token there fails on
// Meta's side with 190/2069032 "Page token required" or "(#100) No permission to publish the
// video" (https://developers.facebook.com/documentation/pages-api/error-codes). connect() marks
// every Page token set with `raw.token_kind === "page"` and the Page id (see accounts.ts).
import { type Connection, isCredentialSource, type TokenSet, ValidationError } from "@postkit/core";
import type { MetaAccount, PageTokenRaw } from "./accounts.js";

const HINT =
  "Pass the Page's connection as connect() returned it (its credentials are the Page token), not the user token of the login.";

/**
 * Throws a `ValidationError` (nothing sent) unless the connection acts with the Page token of
 * its Page: a Facebook Page's own id, or for an Instagram account connected through Facebook
 * Login, the id of the Page it is linked to (`account.pageId`).
 *
 * The token set checked is `tokens` when given, else the connection's plain `credentials`. When
 * neither is there (a `CredentialSource`, or tokens loaded from the `tokenStore`), it returns
 * `undefined`: call it again inside `resolver.withAccessToken` with the loaded tokens, which is
 * still before any request to Meta.
 *
 * @returns The Page token's marks (`page_id`, `tasks`), or `undefined` when no tokens were at hand.
 * @internal
 */
export function requirePageToken(connection: Connection, tokens?: TokenSet): PageTokenRaw | undefined {
  const account = connection?.account as Partial<MetaAccount> | undefined;
  const pageId = pageIdOf(account);
  const credentials = connection?.credentials;
  const set = tokens ?? (credentials && !isCredentialSource(credentials) ? credentials : undefined);
  if (!set) return undefined;
  const raw = set.raw as Partial<PageTokenRaw> | undefined;
  if (raw?.token_kind !== "page") {
    throw new ValidationError(
      "meta: this call needs a Page access token, but the connection holds a user token.",
      {
        hint: HINT,
      },
    );
  }
  if (raw.page_id !== pageId) {
    throw new ValidationError("meta: the connection's Page token belongs to another Page than its account.", {
      hint: HINT,
    });
  }
  return { token_kind: "page", page_id: raw.page_id, tasks: Array.isArray(raw.tasks) ? [...raw.tasks] : [] };
}

/** The Page whose token the account acts with; a clear error for any other account. */
function pageIdOf(account: Partial<MetaAccount> | undefined): string {
  if (account?.platform === "facebook" && account.id) return account.id;
  if (account?.platform === "instagram" && account.login !== "instagram" && account.pageId)
    return account.pageId;
  if (account?.platform === "instagram" && account.login === "instagram") {
    throw new ValidationError(
      "meta: an Instagram Login account has no Page token, so this Page operation cannot use it.",
      {
        hint: "Connect the Instagram account through Facebook Login (a Page linked to it) for this operation.",
      },
    );
  }
  throw new ValidationError(
    "meta: the connection is not a Facebook Page or a Page-linked Instagram account.",
    {
      hint: HINT,
    },
  );
}
