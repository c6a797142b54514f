// The accounts of a Facebook login: every Page the user granted (with its Page token) and each
// Page's linked Instagram professional account (sharing the Page's token).
// https://developers.facebook.com/docs/graph-api/reference/user/accounts/ ,
// https://developers.facebook.com/documentation/instagram-platform/instagram-graph-api/reference/page.md .
import { type Connection, credentialKeyOf, iteratePages, type TokenSet } from "@postkit/core";
import * as z from "zod/mini";
import type { MetaContext } from "./context.js";

/**
 * A Facebook Page or an Instagram professional account, as `connect` returns it. Plain JSON.
 * @group Accounts
 */
export interface MetaAccount {
  /** `"facebook"` for a Page, `"instagram"` for an Instagram professional account. */
  platform: "facebook" | "instagram";
  /** The Page id, or the Instagram user id. */
  id: string;
  /** The Page's name, or the Instagram username. */
  displayName: string;
  /** `credentialKeyOf(platform, id)`. */
  credentialKey: string;
  /** The Instagram username. */
  username?: string | undefined;
  /** The picture URL. */
  avatarUrl?: string | undefined;
  /** For an Instagram account: the id of the Page it is linked to (whose token it uses). */
  pageId?: string | undefined;
  /**
   * How the account was connected, which decides the host its calls go to: `"facebook"`
   * (Facebook Login: `graph.facebook.com`) or `"instagram"` (Instagram Login:
   * `graph.instagram.com`). Absent means `"facebook"`.
   */
  login?: "facebook" | "instagram" | undefined;
}

/** What a Page token set carries in `raw` besides Meta's fields. @internal */
export interface PageTokenRaw {
  token_kind: "page";
  page_id: string;
  tasks: string[];
}

const pageItem = z.looseObject({
  id: z.string(),
  name: z.string(),
  access_token: z.optional(z.string()),
  tasks: z.optional(z.array(z.string())),
  picture: z.optional(z.looseObject({ data: z.optional(z.looseObject({ url: z.optional(z.string()) })) })),
  instagram_business_account: z.optional(z.looseObject({ id: z.string() })),
});
type PageItem = z.infer<typeof pageItem>;

const instagramSchema = z.looseObject({
  id: z.string(),
  username: z.optional(z.string()),
  name: z.optional(z.string()),
  profile_picture_url: z.optional(z.string()),
});

/** The connections of every granted Page and linked Instagram account. @internal */
export async function listAccounts(
  context: MetaContext,
  userToken: string,
  grantedScopes: readonly string[],
  signal: AbortSignal | undefined,
): Promise<Array<Connection<MetaAccount> & { credentials: TokenSet }>> {
  const pages: PageItem[] = [];
  const walk = iteratePages((cursor) =>
    context.graph.page({
      path: "/me/accounts",
      accessToken: userToken,
      query: { fields: "id,name,access_token,tasks,picture,instagram_business_account" },
      item: pageItem,
      limit: 100,
      cursor,
      what: "Facebook Pages list",
      signal,
    }),
  );
  for await (const page of walk) pages.push(page);
  const accounts: Array<Connection<MetaAccount> & { credentials: TokenSet }> = [];
  for (const page of pages) {
    // A Page listed without a token cannot be acted for (granular consent left it out).
    if (!page.access_token) continue;
    const raw: PageTokenRaw = { token_kind: "page", page_id: page.id, tasks: page.tasks ?? [] };
    const credentials: TokenSet = {
      accessToken: page.access_token,
      tokenType: "bearer",
      // A Page token from a long-lived user token has no expiry (Meta's wording UNCONFIRMED).
      scopes: [...grantedScopes],
      raw: { ...raw },
    };
    const avatarUrl = page.picture?.data?.url;
    accounts.push({
      account: {
        platform: "facebook",
        id: page.id,
        displayName: page.name,
        credentialKey: credentialKeyOf("facebook", page.id),
        login: "facebook",
        ...(avatarUrl ? { avatarUrl } : {}),
      },
      credentials,
    });
    const linked = page.instagram_business_account?.id;
    if (!linked) continue;
    const ig = await context.graph.call({
      method: "GET",
      path: `/${encodeURIComponent(linked)}`,
      accessToken: page.access_token,
      query: { fields: "id,username,name,profile_picture_url" },
      schema: instagramSchema,
      idempotent: true,
      what: "Instagram account",
      signal,
    });
    accounts.push({
      account: {
        platform: "instagram",
        id: ig.id,
        displayName: ig.username ?? ig.name ?? ig.id,
        credentialKey: credentialKeyOf("instagram", ig.id),
        pageId: page.id,
        login: "facebook",
        ...(ig.username ? { username: ig.username } : {}),
        ...(ig.profile_picture_url ? { avatarUrl: ig.profile_picture_url } : {}),
      },
      credentials: { ...credentials, raw: { ...raw } },
    });
  }
  return accounts;
}
