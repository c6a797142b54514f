// Page and Instagram user nodes: `GET /{page-id}?fields=…` and `GET /{ig-user-id}?fields=…`.
// https://developers.facebook.com/docs/instagram-api/reference/ig-user
import { graphError, missingPermission } from "../errors.js";
import { grants } from "../oauth.js";
import type { IssuedToken, MetaState } from "../state.js";
import { IG_USER_FIELDS, igUserValues } from "./ig-user-fields.js";

const PAGE_FIELDS = new Set([
  "id",
  "name",
  "username",
  "fan_count",
  "followers_count",
  "link",
  "picture",
  "category",
  "instagram_business_account",
  "access_token",
]);
const IG_FIELDS = new Set(["id", ...IG_USER_FIELDS]);

function fieldsOf(request: Request): string[] {
  return (new URL(request.url).searchParams.get("fields") ?? "id")
    .split(",")
    .map((field) => field.replace(/\..*$/, ""));
}

/** A Page or Instagram user node; `undefined` when `id` is neither. */
export function node(
  state: MetaState,
  token: IssuedToken,
  id: string,
  request: Request,
): Response | undefined {
  const page = state.pages.find((candidate) => candidate.id === id);
  if (page) {
    if (token.kind === "page" && token.pageId !== page.id)
      return graphError(403, 10, "(#10) This endpoint requires the 'pages_read_engagement' permission");
    const body: Record<string, unknown> = {};
    for (const field of fieldsOf(request)) {
      if (!PAGE_FIELDS.has(field))
        return graphError(
          400,
          100,
          `(#100) Tried accessing nonexisting field (${field}) on node type (Page)`,
        );
      if (field === "id") body.id = page.id;
      else if (field === "name") body.name = page.name;
      else if (field === "username" && page.username) body.username = page.username;
      else if (field === "fan_count") body.fan_count = page.fanCount;
      else if (field === "followers_count") body.followers_count = page.followersCount;
      else if (field === "link") body.link = `https://www.facebook.com/${page.username ?? page.id}`;
      else if (field === "picture")
        body.picture = { data: { url: `https://scontent.example/${page.id}.jpg` } };
      else if (field === "category") body.category = page.category;
      else if (field === "instagram_business_account" && page.instagram)
        body.instagram_business_account = { id: page.instagram.id };
    }
    return Response.json(body);
  }
  const owner = state.pages.find((candidate) => candidate.instagram?.id === id);
  const ig = owner?.instagram;
  if (!owner || !ig) return undefined;
  if (!grants(state, token.scopes, "instagram_basic")) return missingPermission("instagram_basic");
  if (token.kind === "page" && token.pageId !== owner.id)
    return graphError(403, 10, "(#10) Application does not have permission for this action");
  const values: Record<string, unknown> = {
    id: ig.id,
    ...igUserValues(ig),
  };
  const body: Record<string, unknown> = {};
  for (const field of fieldsOf(request)) {
    if (!IG_FIELDS.has(field))
      return graphError(
        400,
        100,
        `(#100) Tried accessing nonexisting field (${field}) on node type (IGUser)`,
      );
    body[field] = values[field];
  }
  return Response.json(body);
}
