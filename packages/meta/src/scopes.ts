// Facebook and Instagram permission names. Facebook Login: https://developers.facebook.com/docs/permissions/ ,
// Pages API posts: https://developers.facebook.com/documentation/pages-api/posts.md ,
// Instagram Login: https://developers.facebook.com/documentation/instagram-platform/instagram-api-with-instagram-login/business-login .
import { commaSeparatedScopes, type ScopeStyle } from "@postkit/core";

/**
 * The Facebook Login permissions postkit knows: Pages (listing, reading, publishing, video) and
 * Instagram through a Facebook Page.
 * @group Scopes
 */
export const FACEBOOK_SCOPES = [
  /** `/me/accounts`: the Pages the user granted. */
  "pages_show_list",
  /** Read a Page's content and engagement (also needed for Reels and Instagram publishing). */
  "pages_read_engagement",
  /** Read user content on a Page. */
  "pages_read_user_engagement",
  /** Create, edit and delete a Page's posts. */
  "pages_manage_posts",
  /** Manage comments and reactions on a Page. */
  "pages_manage_engagement",
  /** Publish videos to a Page. */
  "publish_video",
  /** `/me/businesses`; Pages owned through Business Manager. */
  "business_management",
  /** Page insights. */
  "read_insights",
  /** The linked Instagram professional account: profile and media. */
  "instagram_basic",
  /** Publish to the linked Instagram professional account. */
  "instagram_content_publish",
  /** Instagram comments. */
  "instagram_manage_comments",
  /** Instagram insights. */
  "instagram_manage_insights",
  /** Needed with `ads_read` when the Page role comes through Business Manager. */
  "ads_management",
  /** See `ads_management`. */
  "ads_read",
  /** Granted automatically. */
  "public_profile",
  /** Granted automatically with Facebook Login for Business. */
  "email",
] as const;

/** One of {@link FACEBOOK_SCOPES}. @group Scopes */
export type FacebookScope = (typeof FACEBOOK_SCOPES)[number];

/**
 * The Instagram Login permissions (the `instagram_business_*` names; the old `business_*` names
 * were deprecated on 2025-01-27).
 * @group Scopes
 */
export const INSTAGRAM_LOGIN_SCOPES = [
  /** Profile and media of the Instagram professional account. */
  "instagram_business_basic",
  /** Publish to it. */
  "instagram_business_content_publish",
  /** Its comments. */
  "instagram_business_manage_comments",
  /** Its messages. */
  "instagram_business_manage_messages",
  /** Its insights. */
  "instagram_business_manage_insights",
] as const;

/** One of {@link INSTAGRAM_LOGIN_SCOPES}. @group Scopes */
export type InstagramLoginScope = (typeof INSTAGRAM_LOGIN_SCOPES)[number];

/** Any permission the Meta client knows. @group Scopes */
export type MetaScope = FacebookScope | InstagramLoginScope;

/**
 * What a Facebook login asks for by default: list the Pages, read and publish to them (video
 * included), and read and publish to their linked Instagram accounts.
 * @group Scopes
 */
export const defaultFacebookScopes: readonly FacebookScope[] = Object.freeze([
  "pages_show_list",
  "pages_read_engagement",
  "pages_manage_posts",
  "publish_video",
  "instagram_basic",
  "instagram_content_publish",
]);

/**
 * Meta writes permission lists comma-separated (`scope=a,b`). Space-separated scopes on the
 * Facebook dialog are UNCONFIRMED (Meta documents them only for Instagram's authorize window), so
 * postkit sends commas.
 * @group Scopes
 */
export const metaScopeStyle: ScopeStyle = commaSeparatedScopes;
