// Page and Instagram profiles.
// https://developers.facebook.com/docs/graph-api/reference/page/ ,
// https://developers.facebook.com/docs/instagram-api/reference/ig-user .
import { type CallOptions, type Connection, type Profile, ScopeError, ValidationError } from "@postkit/core";
import * as z from "zod/mini";
import type { MetaContext } from "./context.js";
import { defined, IG_USER_FIELDS, igUserShape, instagramProfile } from "./instagram-user.js";

/**
 * A Facebook Page's or an Instagram account's profile. Counts are left out when Meta does not
 * send them (`followers_count` and `link` on Pages are UNCONFIRMED in Meta's field table).
 * @group Profile
 */
export interface MetaProfile extends Profile {
  /** `"facebook"` or `"instagram"`. */
  platform: "facebook" | "instagram";
  /** Page: `fan_count` (likes). */
  fanCount?: number | undefined;
  /** Followers (`followers_count`). */
  followersCount?: number | undefined;
  /** Page: `category`. */
  category?: string | undefined;
  /** Instagram: `follows_count`. */
  followsCount?: number | undefined;
  /** Instagram: `media_count`. */
  mediaCount?: number | undefined;
  /** Instagram: `biography`. */
  biography?: string | undefined;
  /** Instagram: `website`. */
  website?: string | undefined;
}

const pageSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  username: z.optional(z.string()),
  fan_count: z.optional(z.number()),
  followers_count: z.optional(z.number()),
  link: z.optional(z.string()),
  category: z.optional(z.string()),
  picture: z.optional(z.looseObject({ data: z.optional(z.looseObject({ url: z.optional(z.string()) })) })),
});

const igSchema = z.looseObject({ id: z.string(), ...igUserShape });

const PAGE_FIELDS = "id,name,username,fan_count,followers_count,link,picture.type(large),category";
const IG_FIELDS = `id,${IG_USER_FIELDS}`;

/** @internal */
export async function getProfile(
  context: MetaContext,
  connection: Connection,
  options: CallOptions,
): Promise<MetaProfile> {
  const account = connection?.account;
  if (account?.platform !== "facebook" && account?.platform !== "instagram") {
    throw new ValidationError("meta: the connection is neither a Facebook Page nor an Instagram account.", {
      hint: "Pass one of the accounts connect() returned.",
    });
  }
  const { signal } = options;
  return context.resolver.withAccessToken(connection, signal, async (token, tokens) => {
    const path = `/${encodeURIComponent(account.id)}`;
    if (account.platform === "facebook") {
      const page = await context.graph.call({
        method: "GET",
        path,
        accessToken: token,
        query: { fields: PAGE_FIELDS },
        schema: pageSchema,
        idempotent: true,
        what: "Facebook Page profile",
        signal,
      });
      return defined({
        platform: "facebook" as const,
        id: page.id,
        displayName: page.name,
        username: page.username,
        avatarUrl: page.picture?.data?.url,
        profileUrl: page.link,
        fanCount: page.fan_count,
        followersCount: page.followers_count,
        category: page.category,
      });
    }
    if (tokens.scopes.length && !tokens.scopes.includes("instagram_basic")) {
      throw new ScopeError(
        "meta: reading an Instagram profile needs instagram_basic, which the grant lacks.",
        {
          platform: "meta",
          missing: ["instagram_basic"],
          granted: tokens.scopes,
        },
      );
    }
    const ig = await context.graph.call({
      method: "GET",
      path,
      accessToken: token,
      query: { fields: IG_FIELDS },
      schema: igSchema,
      idempotent: true,
      what: "Instagram profile",
      signal,
    });
    return instagramProfile(ig.id, ig);
  });
}
