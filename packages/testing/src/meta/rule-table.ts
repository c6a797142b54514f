// Every rule the Meta emulator enforces, with the Meta documentation it comes from; the testing
// README's rules table is generated from this list (tests/docs checks it is current). Where Meta's
// pages are silent (UNCONFIRMED in the route's comments), the row is marked as a choice.
import type { EmulatorRule } from "../harness/rules.js";

const FB = "https://developers.facebook.com/";
const MANUAL_FLOW = `${FB}documentation/facebook-login/guides/advanced/manual-flow`;
const LONG_LIVED = `${FB}documentation/facebook-login/guides/access-tokens/get-long-lived`;
const LOGIN_FOR_BUSINESS = `${FB}documentation/facebook-login/facebook-login-for-business`;
const LOGIN_REFERENCE = `${FB}docs/reference/login/`;
const SECURE = `${FB}docs/graph-api/guides/secure-requests`;
const ERRORS = `${FB}docs/graph-api/guides/error-handling`;
const RATE = `${FB}docs/graph-api/overview/rate-limiting`;
const VERSIONING = `${FB}docs/graph-api/guides/versioning`;
const DEBUG_TOKEN = `${FB}docs/graph-api/reference/debug_token`;
const TOKEN_SWITCH = `${FB}documentation/business-sdk/common-scenarios/token-switch`;
const PHOTO_UPLOADS = `${FB}docs/graph-api/photo-uploads`;
const PAGE_NODE = `${FB}documentation/instagram-platform/instagram-graph-api/reference/page.md`;
const PAGES_ERRORS = `${FB}documentation/pages-api/error-codes`;
const POSTS = `${FB}docs/pages-api/posts`;
const UPLOAD = `${FB}docs/graph-api/guides/upload`;
const RESUMABLE = `${FB}docs/graph-api/resumable-upload-api`;
const VIDEO_PUBLISHING = `${FB}docs/video-api/guides/publishing`;
const REELS = `${FB}docs/video-api/guides/reels-publishing/`;
const IG_PUBLISHING = `${FB}docs/instagram-platform/content-publishing/`;
const IG_RESUMABLE = `${FB}documentation/instagram-platform/content-publishing/resumable-uploads`;
const IG_MEDIA = `${FB}docs/instagram-platform/instagram-graph-api/reference/ig-user/media`;
const IG_MEDIA_LIMITS = `${FB}documentation/instagram-platform/instagram-graph-api/reference/ig-user/media.md`;
const IG_CONTAINER = `${FB}docs/instagram-platform/instagram-graph-api/reference/ig-container`;
const IG_MEDIA_PUBLISH = `${FB}docs/instagram-platform/instagram-graph-api/reference/ig-user/media_publish`;
const IG_LIMIT = `${FB}docs/instagram-platform/instagram-graph-api/reference/ig-user/content_publishing_limit/`;
const IG_ERRORS = `${FB}documentation/instagram-platform/instagram-graph-api/reference/error-codes`;
const IG_USER = `${FB}docs/instagram-api/reference/ig-user`;
const IGL_GUIDE = `${FB}docs/instagram-platform/instagram-api-with-instagram-login/content-publishing`;
const IGL_LOGIN = `${FB}docs/instagram-platform/instagram-api-with-instagram-login/business-login`;
const IGL_GET_STARTED = `${FB}docs/instagram-platform/instagram-api-with-instagram-login/get-started`;
const IGL_AUTHORIZE = `${FB}documentation/instagram-platform/reference/oauth-authorize`;
const IGL_CODE = `${FB}docs/instagram-platform/reference/oauth-access-token`;
const IGL_LONG_LIVED = `${FB}documentation/instagram-platform/reference/access_token`;
const IGL_REFRESH = `${FB}documentation/instagram-platform/reference/refresh_access_token.md`;
const RFC6749 = "https://www.rfc-editor.org/rfc/rfc6749#section-3.1";

/** The Meta emulator's rules, in the order of the flow: login, Graph calls, Pages, Instagram, Instagram Login. */
export const META_EMULATOR_RULES: readonly EmulatorRule[] = [
  {
    id: "meta.oauth.dialog",
    rule: "The login dialog takes the app's `client_id` and a `redirect_uri` listed in Valid OAuth Redirect URIs, matched exactly; `state` comes back unchanged.",
    source: MANUAL_FLOW,
    answer:
      "An error page (400 `Invalid App ID`, 400 `URL blocked`); on consent the redirect carries `code` and `state`, on denial `error=access_denied&error_reason=user_denied`.",
    option: "redirectUris",
  },
  {
    id: "meta.oauth.scopes",
    rule: "`scope` is comma-separated; `public_profile` is always granted; with Facebook Login for Business `config_id` replaces `scope`.",
    source: `${MANUAL_FLOW} ${LOGIN_FOR_BUSINESS}`,
    answer:
      "Grants what was asked plus `public_profile`, less what the test declines; a `config_id` without `scope` grants `pages_show_list` (a choice: the configuration's permissions are the dashboard's).",
    choice: true,
    option: "declined",
  },
  {
    id: "meta.oauth.consent",
    rule: "The user may approve or cancel the dialog.",
    source: MANUAL_FLOW,
    answer: "Approves by default; a consent page or a denial on request.",
    option: "consent",
  },
  {
    id: "meta.oauth.repeated-parameter",
    rule: "No parameter may appear twice in a dialog or token request (RFC 6749 §3.1, §3.2).",
    source: RFC6749,
    answer:
      "The dialog's error page; a Graph 100 `OAuthException` on `/oauth/access_token`; Instagram's OAuth error body on `api.instagram.com`.",
    choice: true,
  },
  {
    id: "meta.oauth.client-secret",
    rule: "The code and long-lived exchanges need the app's `client_id` and `client_secret`.",
    source: `${MANUAL_FLOW} ${LONG_LIVED}`,
    answer: '400 code 101 `OAuthException` "Error validating client secret."',
  },
  {
    id: "meta.oauth.code-exchange",
    rule: "A code is exchanged once, before it expires, with the `redirect_uri` of the dialog request; it gives a short-lived user token.",
    source: MANUAL_FLOW,
    answer:
      "`{access_token, token_type: bearer, expires_in: 3600}`; an unknown, used or expired code gets 100/36007, another `redirect_uri` 100/36008. The 10-minute code lifetime and the 1-hour token are choices.",
    choice: true,
  },
  {
    id: "meta.oauth.long-lived",
    rule: "`grant_type=fb_exchange_token` turns a live short-lived user token into a long-lived one (about 60 days); an expired token cannot be exchanged.",
    source: LONG_LIVED,
    answer: "`expires_in: 5183944`; 190 for an unknown token, 190/463 for an expired one.",
  },
  {
    id: "meta.oauth.permissions",
    rule: "`/me/permissions` lists each permission with `status` granted or declined; a Page token has no `permissions` field.",
    source: MANUAL_FLOW,
    answer: "`{data: [{permission, status}]}`; 100 for a Page token (a choice).",
    choice: true,
    option: "declined",
  },
  {
    id: "meta.oauth.debug-token",
    rule: "`debug_token` takes the app token `{app-id}|{app-secret}` and describes `input_token`.",
    source: DEBUG_TOKEN,
    answer:
      "`data: {app_id, type, application, expires_at, is_valid, issued_at, scopes, user_id, data_access_expires_at}`; `is_valid: false` without an `error` object for a dead token, 190 for another app token, and 90 days of data access: choices.",
    choice: true,
  },
  {
    id: "meta.graph.version",
    rule: "Graph paths carry a version, `/v{major}.{minor}/…`.",
    source: VERSIONING,
    answer:
      "An unversioned path gets 400 code 2500 (a choice: Meta answers it with the app's default version).",
    choice: true,
  },
  {
    id: "meta.graph.missing-token",
    rule: "A call without any access token is refused as such, not as an invalid token.",
    source: ERRORS,
    answer: '400 code 2500 `OAuthException` "An active access token must be used…".',
  },
  {
    id: "meta.graph.token",
    rule: "Tokens come as `Authorization: Bearer|OAuth` or `access_token`; an invalid, expired or revoked token is code 190 with a subcode saying why.",
    source: ERRORS,
    answer:
      "400 190 `OAuthException`: no subcode for an unknown token, 463 expired, the revocation's subcode (460 password changed by default) for a revoked one.",
  },
  {
    id: "meta.graph.appsecret-proof",
    rule: "`appsecret_proof` is `hex(HMAC-SHA256(app secret, token))`; with Require App Secret on, a call without it is refused.",
    source: SECURE,
    answer:
      '400 code 100 "Invalid appsecret_proof provided in the API argument" for a wrong proof, always; a missing one only with the option.',
    option: "requireAppSecretProof",
  },
  {
    id: "meta.graph.error-envelope",
    rule: "Errors are `{error: {message, type, code, error_subcode, fbtrace_id, is_transient}}`.",
    source: `${ERRORS} ${IG_ERRORS}`,
    answer:
      "That envelope with a fresh `fbtrace_id`; the HTTP status (mostly 400, 403 for permissions) is a choice.",
    choice: true,
  },
  {
    id: "meta.graph.unknown-path",
    rule: "A node or edge that does not exist, or a method it does not support, is refused.",
    source: ERRORS,
    answer: '400 100/33 "Unsupported get request"; 404 803 for a host path not emulated (a choice).',
    choice: true,
  },
  {
    id: "meta.graph.usage-headers",
    rule: "Graph answers carry `X-App-Usage`, `X-Page-Usage` and `X-Business-Use-Case-Usage` (JSON, percent of the limit).",
    source: RATE,
    answer: "The headers the test sets with `setUsage`, on every Graph and graph.instagram.com answer.",
  },
  {
    id: "meta.pages.accounts",
    rule: "`/me/accounts` needs a user token with `pages_show_list`; it lists the granted Pages with `access_token`, `tasks`, `instagram_business_account` (with `instagram_basic`), paged by cursor.",
    source: `${PHOTO_UPLOADS} ${PAGE_NODE} ${TOKEN_SWITCH}`,
    answer:
      "`{data, paging: {cursors, next}}`; 200 (403) without the permission; 100 for a Page token. Page tokens that never expire are a choice.",
    choice: true,
    option: "accountsPageSize",
  },
  {
    id: "meta.pages.granular-consent",
    rule: "The user may leave Pages out on the dialog: those have no Page token.",
    source: LOGIN_FOR_BUSINESS,
    answer: "Such Pages are missing from `/me/accounts`.",
    option: "ungrantedPages",
  },
  {
    id: "meta.pages.node",
    rule: "`GET /{page-id}?fields=…` answers the Page fields asked for; an unknown field is refused.",
    source: PAGE_NODE,
    answer:
      "100 `Tried accessing nonexisting field`; another Page's token gets code 10; `followers_count` and `link` are answered though unconfirmed (a choice).",
    choice: true,
  },
  {
    id: "meta.pages.page-token",
    rule: "Page publishing calls and a video's status need that Page's Page access token.",
    source: `${PAGES_ERRORS} ${POSTS}`,
    answer: "A user token gets 400 190/2069032; another Page's token gets 403 code 200.",
  },
  {
    id: "meta.pages.permissions",
    rule: "Page publishing needs `pages_manage_posts` (videos also `publish_video`) and the user's `CREATE_CONTENT` task on the Page.",
    source: `${POSTS} ${REELS}`,
    answer: "403 code 200 (code 100 for `publish_video`, a choice).",
    choice: true,
  },
  {
    id: "meta.pages.feed",
    rule: "`/{page-id}/feed` needs `message`, `link` or `attached_media` (unpublished photos of the Page); the answer is `{id: {page}_{post}}`.",
    source: POSTS,
    answer: "100 for an empty post or a bad `attached_media`; `fields=permalink_url` adds the permalink.",
  },
  {
    id: "meta.pages.schedule",
    rule: "`scheduled_publish_time` (unix time or ISO 8601) needs `published=false` and lies 10 minutes to 30 days ahead.",
    source: POSTS,
    answer: "400 code 100 (the code is a choice).",
    choice: true,
  },
  {
    id: "meta.pages.photos",
    rule: "`/{page-id}/photos` takes a public `url` or a multipart `source` JPG/PNG under 4 MB, `message` and `published`.",
    source: `${PHOTO_UPLOADS} ${POSTS}`,
    answer:
      "100/1366046 for a large or other image, 100/2061006 for a bad url, 100 when neither or both are given; `{id, post_id}` when published (a choice).",
    choice: true,
  },
  {
    id: "meta.pages.upload-session",
    rule: "The Resumable Upload API: `POST /{app-id}/uploads` with `file_length` and a `file_type` of pdf, jpeg, jpg, png or mp4 opens an `upload:<id>?sig=…` session.",
    source: `${RESUMABLE} ${UPLOAD}`,
    answer:
      "`{id}`; 100 for another app id, a bad length or type. Accepting a Page token as well as a user token is a choice.",
    choice: true,
  },
  {
    id: "meta.pages.upload-offset",
    rule: "Bytes go to `upload:<id>` with the token in `Authorization: OAuth` and a `file_offset` header equal to the bytes stored; `GET upload:<id>` tells the offset to resume from.",
    source: UPLOAD,
    answer:
      "`{id, file_offset}` on GET; `{h}` once every byte arrived; 100 for another offset, a body past `file_length` or a session of another owner; a short body gets a transient 100 (a choice); 190 for a dead token.",
    choice: true,
  },
  {
    id: "meta.pages.video",
    rule: "`/{page-id}/videos` publishes the file handle of a finished session as `fbuploader_video_file_chunk`, with `title` and `description`.",
    source: VIDEO_PUBLISHING,
    answer: "`{id}`; 100 for an unknown handle. `file_url` and multipart `source` are not emulated.",
  },
  {
    id: "meta.pages.reels",
    rule: "Reels: `/{page-id}/video_reels` `upload_phase=start` gives `{video_id, upload_url}`; `finish` needs every byte and `video_state` PUBLISHED, DRAFT or SCHEDULED (with `scheduled_publish_time`).",
    source: REELS,
    answer:
      "100 for an unknown phase or video, an incomplete upload, a bad `video_state`, or a second finish (a choice). The 30 Reels per Page per 24 hours are not enforced.",
    choice: true,
  },
  {
    id: "meta.rupload.headers",
    rule: "The rupload host takes the bytes with `Authorization: OAuth {Page token}`, `offset` and `file_size` headers, or a `file_url` header without a body.",
    source: `${REELS} ${IG_RESUMABLE}`,
    answer:
      '`{success: true}` (Instagram adds `message: "Upload successful."`); `{debug_info: {retriable: false, type: ProcessingFailedError, message}}` for another token ("unauthorized user request") or missing headers. HTTP 400 for these errors is a choice.',
    choice: true,
  },
  {
    id: "meta.rupload.offset",
    rule: "A resumed upload starts at the bytes already received and repeats the first `file_size`.",
    source: `${REELS} ${IG_RESUMABLE}`,
    answer:
      "A non-retriable `debug_info` error for another offset, a changed `file_size` or a body past it; a body that ends short gets a retriable one. All choices: Meta documents only `offset: 0`.",
    choice: true,
  },
  {
    id: "meta.pages.video-status",
    rule: "`GET /{video-id}?fields=status`: `video_status` and the uploading, processing and publishing phases (`not_started`, `in_progress`, `complete`, `error`).",
    source: `${REELS} ${VIDEO_PUBLISHING}`,
    answer:
      "`uploading_phase.bytes_transferred` as the bytes arrive; after finishing, `processing` for `processingReads` reads, then `ready` with `publish_status`, or `error` with `processing_phase.error` (`failNextVideo`).",
    choice: true,
    option: "processingReads",
  },
  {
    id: "meta.instagram.permissions",
    rule: "Instagram publishing with Facebook Login needs `instagram_basic`, `instagram_content_publish` and `pages_read_engagement` (reading needs `instagram_basic`); with Instagram Login, `instagram_business_basic` and `instagram_business_content_publish`.",
    source: IG_PUBLISHING,
    answer: "403 code 200 naming the permission; another Page's token gets code 10.",
  },
  {
    id: "meta.instagram.profile",
    rule: "`GET /{ig-user-id}?fields=…` answers the IG user fields; an unknown field is refused.",
    source: IG_USER,
    answer: "100 `Tried accessing nonexisting field … (IGUser)`.",
  },
  {
    id: "meta.instagram.media-type",
    rule: "`media_type` is absent (image), REELS, STORIES, CAROUSEL, or VIDEO for carousel items only.",
    source: `${IG_MEDIA} ${IG_ERRORS}`,
    answer:
      "100/2207023 for an unknown type, 100/2207089 for a standalone VIDEO, 100/2207028 for a Reel, Story or carousel as a carousel item (code 100 with these subcodes is a choice).",
    choice: true,
  },
  {
    id: "meta.instagram.media-url",
    rule: "Instagram fetches `image_url` (JPEG only), `video_url` and `cover_url` itself from a public server.",
    source: `${IG_PUBLISHING} ${IG_ERRORS}`,
    answer:
      "9004/2207052 for a URL that is not public https or an image that is not JPEG (judged from the URL: a choice); 100 when the required URL is missing.",
    choice: true,
  },
  {
    id: "meta.instagram.caption",
    rule: "A caption has at most 2,200 characters.",
    source: IG_ERRORS,
    answer: "100/2207010; more than 30 hashtags or 20 mentions get 100 (widely quoted limits: choices).",
    choice: true,
  },
  {
    id: "meta.instagram.container-params",
    rule: "`thumb_offset` is milliseconds ≥ 0; `user_tags` are `{username, x, y}` with x, y in 0–1; `trial_params.graduation_strategy` is MANUAL or SS_PERFORMANCE; `alt_text` is for images only.",
    source: IG_MEDIA,
    answer: "1/2207057 for `thumb_offset`; 100 for the others.",
  },
  {
    id: "meta.instagram.carousel",
    rule: "A carousel has 2 to 10 children, carousel items of the account; captions and collaborators go on the carousel, not the items.",
    source: `${IG_MEDIA} ${IGL_GUIDE}`,
    answer:
      "100/2207028 for the count or a foreign child, 100 for an item's caption; a child not yet FINISHED gets 9007/2207027 (a choice).",
    choice: true,
  },
  {
    id: "meta.instagram.resumable",
    rule: "`upload_type=resumable` is only for Facebook Login for Business apps; the answer's `uri` is the rupload URL of the container.",
    source: `${IG_RESUMABLE} ${IG_PUBLISHING}`,
    answer:
      "`{id, uri}`; 100 on graph.instagram.com (whether Instagram Login tokens work on rupload is unconfirmed: a choice); 100 without one of `video_url` and `upload_type`.",
    choice: true,
  },
  {
    id: "meta.instagram.container-status",
    rule: "`GET /{container-id}?fields=status_code,status`: IN_PROGRESS, FINISHED, ERROR (with `status` saying why), PUBLISHED, or EXPIRED 24 hours after creation.",
    source: IG_CONTAINER,
    answer:
      "Images FINISHED at once, videos after 10 s from creation or from the last byte, unless the plan says otherwise; `video_status.uploading_phase` on resumable containers (the SDK schema's shape, a choice).",
    choice: true,
    option: "instagramPublishing.containerPlan",
  },
  {
    id: "meta.instagram.media-publish",
    rule: "`media_publish?creation_id=` publishes a FINISHED container of the account, once; a container not ready is 9007/2207027, an expired one 2207020.",
    source: `${IG_MEDIA_PUBLISH} ${IG_ERRORS}`,
    answer:
      "`{id}`; 9007/2207027, -2/2207020, 100/2207006 for an unknown container, 100/2207028 for a carousel item; a second publish of a PUBLISHED container gets 100 (a choice).",
    choice: true,
  },
  {
    id: "meta.instagram.publishing-limit",
    rule: "API posts are limited per account over a moving 24 hours (`content_publishing_limit`: `quota_usage`, `config.quota_total`, `quota_duration`); `since` is at most 24 hours old.",
    source: `${IG_LIMIT} ${IG_MEDIA_PUBLISH} ${IG_MEDIA_LIMITS}`,
    answer:
      "`media_publish` past the quota gets 9/2207042; 50 by default (Meta's pages say 50 and 100: the default is a choice); 100 for a bad `since`. The 400 containers per 24 hours are not enforced.",
    choice: true,
    option: "instagramPublishing.quotaTotal",
  },
  {
    id: "meta.instagram.media-node",
    rule: "`GET /{media-id}` and `/{ig-user-id}/media` answer `id`, `permalink`, `timestamp`, `caption`, `media_type`, `media_product_type`, `children`; a Reel reads back as VIDEO with `media_product_type` REELS.",
    source: `${IG_MEDIA} ${IGL_GUIDE}`,
    answer: "Those fields (Stories left out of the list); 100 for another field.",
  },
  {
    id: "meta.igl.authorize",
    rule: "Instagram Login's window (www.instagram.com or api.instagram.com) takes the Instagram app's `client_id`, a registered `redirect_uri`, `response_type=code` and known `instagram_business_*` scopes, comma- or space-separated.",
    source: `${IGL_AUTHORIZE} ${IGL_LOGIN}`,
    answer:
      "An error page naming the parameter; the redirect carries `code` (and `state`) followed by `#_`. The denial parameters are OAuth 2.0's (a choice).",
    choice: true,
    option: "instagramLogin.redirectUris",
  },
  {
    id: "meta.igl.code-exchange",
    rule: "`POST api.instagram.com/oauth/access_token` (form: `client_id`, `client_secret`, `grant_type=authorization_code`, `redirect_uri`, `code`) gives a 1-hour token; a code is used once.",
    source: `${IGL_LOGIN} ${IGL_CODE}`,
    answer:
      "The wrapped `{data: [{access_token, user_id, permissions}]}` or the flat `{access_token, user_id}` with a bare number above 2^53; errors `{error_type, code, error_message}`; a code spent by a failed exchange is a choice.",
    choice: true,
    option: "instagramLogin.tokenShape",
  },
  {
    id: "meta.igl.long-lived",
    rule: "`graph.instagram.com/access_token?grant_type=ig_exchange_token` with the app secret turns a short-lived token into a 60-day one.",
    source: IGL_LONG_LIVED,
    answer:
      "`{access_token, token_type, expires_in}` (`expires_in` of exactly 60 days is a choice); 101 for a wrong secret.",
    choice: true,
  },
  {
    id: "meta.igl.refresh",
    rule: "`refresh_access_token?grant_type=ig_refresh_token` takes a long-lived token at least 24 hours old and unexpired, with `instagram_business_basic`, and gives one valid 60 days.",
    source: IGL_REFRESH,
    answer:
      "A new token; 100 for a short-lived or too young token and 190/463 for an expired one (the codes for the 24-hour rule, a new token string and the old one living on are choices).",
    choice: true,
  },
  {
    id: "meta.igl.profile",
    rule: "`graph.instagram.com/{version}/me?fields=…` answers the IG user fields plus `user_id`, the id publishing uses.",
    source: `${IGL_GET_STARTED} ${IG_USER}`,
    answer:
      "Those fields; `account_type` BUSINESS (unconfirmed in Meta's current pages: a choice); 100 for another field.",
    choice: true,
  },
  {
    id: "meta.graph.data-access",
    rule: "A permission unused for 90 days must be granted again.",
    source: LOGIN_REFERENCE,
    answer:
      "Only `debug_token`'s `data_access_expires_at` (90 days after issue) says so; calls are not refused.",
    choice: true,
  },
];
