// The Instagram Login user node on graph.instagram.com: `GET /{version}/me?fields=…` and
// `GET /{version}/{user-id}?fields=…`, with the IG user fields plus `user_id`.
// https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/get-started ,
// https://developers.facebook.com/docs/instagram-api/reference/ig-user .
import { graphError, missingPermission } from "../errors.js";
import type { MetaEmulatedInstagramLogin } from "../instagram-state.js";
import { IG_USER_FIELDS, igUserValues } from "./ig-user-fields.js";

const FIELDS = new Set([
  "id",
  "user_id",
  ...IG_USER_FIELDS,
  // UNCONFIRMED in Meta's current pages (the retired Basic Display node had it); answered here.
  "account_type",
]);

/** The node of `account` for a token with `scopes`; `undefined` when `id` is not the account. */
export function instagramUserNode(
  account: MetaEmulatedInstagramLogin,
  scopes: readonly string[],
  id: string,
  request: Request,
): Response | undefined {
  if (id !== "me" && id !== account.id && id !== account.scopedId) return undefined;
  if (!scopes.includes("instagram_business_basic")) return missingPermission("instagram_business_basic");
  const values: Record<string, unknown> = {
    id: account.scopedId,
    user_id: account.id,
    ...igUserValues(account),
    account_type: "BUSINESS",
  };
  const body: Record<string, unknown> = {};
  const fields = (new URL(request.url).searchParams.get("fields") ?? "id").split(",").filter(Boolean);
  for (const field of fields) {
    if (!FIELDS.has(field)) {
      return graphError(400, 100, `(#100) Tried accessing nonexisting field (${field}) on node type (User)`);
    }
    body[field] = values[field];
  }
  return Response.json(body);
}
