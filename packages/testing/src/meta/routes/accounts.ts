// `/me/accounts`: the Pages the user granted, with Page tokens and linked Instagram accounts,
// paged by cursor (https://developers.facebook.com/docs/graph-api/reference/user/accounts/).
import { graphError, missingPermission } from "../errors.js";
import { grants } from "../oauth.js";
import { type IssuedToken, issueToken, type MetaState } from "../state.js";

const cursorOf = (index: number) => Buffer.from(`page:${index}`).toString("base64url");
const indexOf = (cursor: string | null): number | undefined => {
  if (cursor === null) return 0;
  const match = /^page:(\d+)$/.exec(Buffer.from(cursor, "base64url").toString());
  return match ? Number(match[1]) : undefined;
};

/** `GET /me/accounts?fields=…&limit=…&after=…`. */
export function meAccounts(
  state: MetaState,
  token: IssuedToken,
  request: Request,
  selfUrl: string,
): Response {
  if (token.kind !== "user")
    return graphError(400, 100, "(#100) Tried accessing nonexisting field (accounts) on node type (Page)");
  if (!grants(state, token.scopes, "pages_show_list")) return missingPermission("pages_show_list");
  const params = new URL(request.url).searchParams;
  const start = indexOf(params.get("after"));
  if (start === undefined) return graphError(400, 100, "(#100) Invalid cursor");
  const limit = Math.min(Number(params.get("limit") ?? 25) || 25, state.accountsPageSize);
  const fields = new Set((params.get("fields") ?? "id,name").split(","));
  const pages = state.pages.filter((page) => !state.ungrantedPages.has(page.id));
  const slice = pages.slice(start, start + limit);
  const pageScopes = token.scopes.filter((scope) => !state.declined.has(scope));
  const data = slice.map((page) => {
    const item: Record<string, unknown> = { id: page.id, name: page.name };
    if (fields.has("access_token")) {
      item.access_token = issueToken(state, {
        kind: "page",
        scopes: pageScopes,
        expiresAt: undefined,
        pageId: page.id,
      });
    }
    if (fields.has("tasks")) item.tasks = page.tasks;
    if (fields.has("category")) item.category = page.category;
    if (fields.has("picture")) item.picture = { data: { url: `https://scontent.example/${page.id}.jpg` } };
    if (
      fields.has("instagram_business_account") &&
      page.instagram &&
      grants(state, token.scopes, "instagram_basic")
    ) {
      item.instagram_business_account = { id: page.instagram.id };
    }
    return item;
  });
  const end = start + slice.length;
  const paging: Record<string, unknown> = {
    cursors: { before: cursorOf(start), after: cursorOf(Math.max(start, end - 1) + 1) },
  };
  if (end < pages.length) {
    const next = new URL(selfUrl);
    next.searchParams.set("after", cursorOf(end));
    paging.next = next.toString();
    (paging.cursors as Record<string, string>).after = cursorOf(end);
  }
  return Response.json({ data, paging });
}
