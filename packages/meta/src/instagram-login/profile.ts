// The profile of an Instagram Login account: `GET graph.instagram.com/{version}/me` with the IG
// user fields and `user_id`, the professional account id.
// https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/get-started ,
// https://developers.facebook.com/docs/instagram-api/reference/ig-user .
import { assertCapability, type CallOptions, type Connection, ValidationError } from "@postkit/core";
import * as z from "zod/mini";
import type { MetaContext } from "../context.js";
import { requireLogin } from "../login-kind.js";
import { IG_USER_FIELDS, igUserShape, instagramProfile } from "../instagram-user.js";
import type { MetaProfile } from "../profile.js";
import { INSTAGRAM_LOGIN_CAPABILITIES } from "./capabilities.js";

// All readable with instagram_business_basic, the one permission the profile needs.
// `account_type` is left out: it is UNCONFIRMED in Meta's current pages.
const FIELDS = `user_id,${IG_USER_FIELDS}`;

const meSchema = z.looseObject({
  id: z.optional(z.string()),
  user_id: z.optional(z.union([z.string(), z.number()])),
  ...igUserShape,
});

/** `/me` as Meta sent it. @internal */
export type InstagramMe = z.infer<typeof meSchema>;

/** Quotes a bare `user_id` number so it parses as the exact string. */
const parseExact = (text: string): unknown =>
  JSON.parse(text.replace(/("user_id"\s*:\s*)(-?\d+)/g, '$1"$2"'));

/** @internal `GET /me?fields=…` with `accessToken`. */
export function readMe(
  context: MetaContext,
  accessToken: string,
  signal: AbortSignal | undefined,
): Promise<InstagramMe> {
  return context.graph.call({
    method: "GET",
    path: "/me",
    accessToken,
    query: { fields: FIELDS },
    schema: meSchema,
    idempotent: true,
    what: "Instagram profile",
    signal,
    parseJson: parseExact,
  });
}

/** The profile from `/me`; `id` is the professional account id (`user_id`). @internal */
export function profileOf(me: InstagramMe, fallbackId: string): MetaProfile {
  const id = me.user_id === undefined ? fallbackId : String(me.user_id);
  return instagramProfile(id, me);
}

/** @internal */
export async function getProfile(
  context: MetaContext,
  connection: Connection,
  options: CallOptions,
): Promise<MetaProfile> {
  const account = requireLogin(connection, "instagram");
  if (account.platform !== "instagram") {
    throw new ValidationError("instagram: the connection is not an Instagram account.", {
      hint: "Pass the account InstagramLogin.connect() returned.",
    });
  }
  const { signal } = options;
  return context.resolver.withAccessToken(connection, signal, async (token, tokens) => {
    assertCapability(
      "instagram",
      INSTAGRAM_LOGIN_CAPABILITIES,
      "getProfile",
      tokens.scopes.length ? tokens.scopes : undefined,
    );
    return profileOf(await readMe(context, token, signal), account.id);
  });
}
