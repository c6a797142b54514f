// Every rule the YouTube emulator enforces, with the Google documentation it comes from; the
// testing README's rules table is generated from this list (tests/docs checks it is current).
import type { EmulatorRule } from "../harness/rules.js";

const WEB_SERVER = "https://developers.google.com/identity/protocols/oauth2/web-server";
const GRANULAR = "https://developers.google.com/identity/protocols/oauth2/resources/granular-permissions";
const TOKENINFO =
  "https://developers.google.com/identity/sign-in/web/backend-auth#calling-the-tokeninfo-endpoint";
const RFC6749 = "https://www.rfc-editor.org/rfc/rfc6749#section-3.1";
const V3 = "https://developers.google.com/youtube/v3/";
const ERRORS = `${V3}docs/errors`;
const SCOPES = `${V3}guides/auth/server-side-web-apps`;
const QUOTA = `${V3}determine_quota_cost`;
const RESUMABLE = `${V3}guides/using_resumable_upload_protocol`;
const VIDEOS = `${V3}docs/videos`;
const INSERT = `${V3}docs/videos/insert`;
const LIST = `${V3}docs/videos/list`;
const UPDATE = `${V3}docs/videos/update`;
const DELETE = `${V3}docs/videos/delete`;
const CHANNELS = `${V3}docs/channels/list`;
const PLAYLIST_ITEMS = `${V3}docs/playlistItems/list`;
const THUMBNAILS = `${V3}docs/thumbnails/set`;
const LOGIN_REQUIRED = "https://github.com/googleapis/google-api-php-client/issues/2479";

/** The YouTube emulator's rules, in the order of the flow: OAuth, the Data API, uploads, videos. */
export const YOUTUBE_EMULATOR_RULES: readonly EmulatorRule[] = [
  {
    id: "google.oauth.client",
    rule: "The authorization request names a registered `client_id` and one of its redirect URIs exactly.",
    source: WEB_SERVER,
    answer: "Google's error page: 401 `invalid_client`, 400 `redirect_uri_mismatch`.",
  },
  {
    id: "google.oauth.scopes",
    rule: "`scope` is space-delimited and names known scopes; `response_type=code`.",
    source: WEB_SERVER,
    answer: "The error page: 400 `invalid_scope` (commas, unknown scope), `invalid_request`.",
  },
  {
    id: "google.oauth.params",
    rule: "`access_type` is online or offline; `prompt` is none, consent or select_account (case-sensitive).",
    source: WEB_SERVER,
    answer: "The error page: 400 `invalid_request`.",
  },
  {
    id: "google.oauth.pkce",
    rule: "PKCE is optional; `code_challenge_method` is S256 or plain, plain when omitted.",
    source: WEB_SERVER,
    answer:
      "Accepted like Google; malformed challenges get `invalid_request` (a choice). The option refuses all but S256.",
    choice: true,
    option: "requirePkceS256",
  },
  {
    id: "google.oauth.repeated-parameter",
    rule: "No parameter may appear twice in an authorization request or a token or revoke form (RFC 6749 §3.1, §3.2).",
    source: RFC6749,
    answer:
      "The error page (400 `invalid_request`); 400 `invalid_request` on the token and revoke endpoints.",
    choice: true,
  },
  {
    id: "google.oauth.consent",
    rule: "The user may untick scopes; `include_granted_scopes=true` adds those granted before.",
    source: `${GRANULAR} ${WEB_SERVER}`,
    answer: "The granted scopes in the callback's and the token's `scope`.",
    option: "grantScopes, consent",
  },
  {
    id: "google.oauth.refresh-token",
    rule: "A refresh token comes only with `access_type=offline` on a consent screen: the first authorization, or `prompt=consent`.",
    source: WEB_SERVER,
    answer: "No `refresh_token` on later authorizations without `prompt=consent`, nor on refresh.",
  },
  {
    id: "google.oauth.token-request",
    rule: "The token endpoint takes a form, with the client's credentials in the body or HTTP Basic.",
    source: WEB_SERVER,
    answer: "400 `invalid_request` for another content type; 401 `invalid_client`.",
  },
  {
    id: "google.oauth.code",
    rule: "A code is used once, by its client, with its `redirect_uri` and its PKCE verifier.",
    source: WEB_SERVER,
    answer:
      "400 `invalid_grant` (a reused code also ends), 400 `redirect_uri_mismatch`. The 10-minute lifetime is a choice.",
    choice: true,
  },
  {
    id: "google.oauth.refresh",
    rule: "A revoked or expired refresh token is refused; an app in Testing status gets 7-day refresh tokens.",
    source: WEB_SERVER,
    answer: '400 `invalid_grant` "Token has been expired or revoked."',
    option: "refreshTokenTtlMs",
  },
  {
    id: "google.oauth.revoke",
    rule: "Revoking either token removes the app's access: the refresh token and every token of the authorization.",
    source: `${WEB_SERVER}#tokenrevoke`,
    answer:
      "200; every grant of the client ends and the next authorization shows consent again. 400 `invalid_token` for an unknown token is a choice.",
    choice: true,
  },
  {
    id: "google.oauth.tokeninfo",
    rule: "`tokeninfo?access_token=` tells what a token grants: `azp`, `aud`, `sub`, `scope`, `exp`, `expires_in`, `access_type`.",
    source: TOKENINFO,
    answer:
      'Those fields (numbers as strings); 400 `invalid_token` "Invalid Value" for a dead token (a choice).',
    choice: true,
  },
  {
    id: "youtube.api.hosts",
    rule: "The Data API answers on `www.googleapis.com` (the guides) and `youtube.googleapis.com` (the discovery document's root).",
    source: `${V3}docs`,
    answer: "Both hosts; URLs it hands out use `www.googleapis.com`.",
  },
  {
    id: "youtube.api.no-credential",
    rule: 'A call without any credential is refused as "Login Required", not as an invalid token.',
    source: `${ERRORS} ${LOGIN_REQUIRED}`,
    answer:
      '401 `required` ("Login Required.", `UNAUTHENTICATED`); `WWW-Authenticate` without `error=` (RFC 6750 §3.1, a choice).',
    choice: true,
  },
  {
    id: "youtube.api.bad-token",
    rule: "An invalid, expired or revoked access token is refused.",
    source: ERRORS,
    answer: '401 `authError` "Invalid Credentials" with `WWW-Authenticate: Bearer … error="invalid_token"`.',
  },
  {
    id: "youtube.api.scopes",
    rule: "Each method accepts its scopes only (`youtube.upload` cannot list or update).",
    source: SCOPES,
    answer: "403 `insufficientPermissions`.",
  },
  {
    id: "youtube.api.quota",
    rule: "Calls cost units (list 1, update/delete/thumbnails 50, insert ~100) out of a daily quota.",
    source: `${QUOTA} ${ERRORS}`,
    answer:
      "403 `quotaExceeded` (domain `youtube.quota`). A failed call costs 1 unit and a refusal nothing (choices).",
    choice: true,
    option: "quotaLimit, quotaCosts, failedCallCost",
  },
  {
    id: "youtube.api.parts",
    rule: "`part` is required and takes any combination of the method's documented parts.",
    source: `${CHANNELS} ${LIST} ${INSERT} ${PLAYLIST_ITEMS}`,
    answer:
      "400 (`required`, `unknownPart`: choices) otherwise; documented parts it does not model are left out.",
    choice: true,
  },
  {
    id: "youtube.api.unknown",
    rule: "Only documented methods exist.",
    source: `${V3}docs`,
    answer: "404 `notFound` (a choice).",
    choice: true,
  },
  {
    id: "youtube.channels.filter",
    rule: "channels.list takes exactly one filter: `mine`, `id`, `forHandle`, `forUsername`, `managedByMe`, `mySubscribers` or `categoryId`.",
    source: CHANNELS,
    answer:
      "Serves `mine`, `id` (comma-separated) and `forHandle` (with or without `@`); 400 for none or several (reasons are choices), and for the filters it does not model.",
    choice: true,
  },
  {
    id: "youtube.channels.resource",
    rule: "Channel statistics are strings; a hidden subscriber count is left out.",
    source: CHANNELS,
    answer:
      "The channel with `snippet`, `statistics`, `contentDetails.relatedPlaylists.uploads`, `brandingSettings`.",
    option: "channel",
  },
  {
    id: "youtube.channels.none",
    rule: "A Google account without a channel has none to list and cannot upload.",
    source: ERRORS,
    answer: "Empty `items`; 401 `youtubeSignupRequired` on upload.",
    option: "channel: null",
  },
  {
    id: "youtube.upload.session",
    rule: "A resumable upload starts with a POST carrying `X-Upload-Content-Length` (1 B–256 GB), `X-Upload-Content-Type` (video/* or application/octet-stream) and the JSON resource; the answer is 200 with the session URI in `Location`.",
    source: `${RESUMABLE} ${INSERT}`,
    answer: "That answer; 400 `badContent` or `parseError` for bad headers or JSON (reasons are choices).",
    choice: true,
  },
  {
    id: "youtube.upload.type",
    rule: "videos.insert uploads with `uploadType=resumable`, or `multipart` (one multipart/related body).",
    source: INSERT,
    answer: "Both; 400 `invalidUploadType` for another (a choice).",
    choice: true,
  },
  {
    id: "youtube.upload.chunk-multiple",
    rule: "Every chunk but the last is a multiple of 262144 bytes.",
    source: RESUMABLE,
    answer: '400 with Google\'s message ("…equal or greater than 262144…").',
  },
  {
    id: "youtube.upload.resume",
    rule: "Each chunk gets 308 with `Range: bytes=0-{last}` (none before the first byte); `Content-Range: bytes */{total}` asks for it; a chunk that starts past the stored bytes is resynced.",
    source: RESUMABLE,
    answer:
      "308 with the Range of what is stored; a chunk ahead of it is not stored. Bytes a chunk repeats are skipped (a choice).",
    choice: true,
    option: "maxBytesPerPut",
  },
  {
    id: "youtube.upload.lengths",
    rule: "A body matches its `Content-Range`; the whole file is `X-Upload-Content-Length` bytes.",
    source: RESUMABLE,
    answer:
      "400 `badContent` for a body that differs from its range, or a single request longer than the session's length (its bytes are dropped; reason and dropping are choices).",
    choice: true,
  },
  {
    id: "youtube.upload.complete",
    rule: "The last byte creates the video: 200 with the video resource, in the parts the session asked for.",
    source: `${RESUMABLE} ${INSERT}`,
    answer: "200 with the resource; later probes answer it again.",
  },
  {
    id: "youtube.upload.session-uri",
    rule: "A 308 may carry a new `Location` to continue on; the session URI's lifetime is not documented for YouTube.",
    source: RESUMABLE,
    answer: "404 `notFound` after its lifetime (7 days) or for an unknown or replaced URI (choices).",
    choice: true,
    option: "sessionTtlMs, newLocationEvery",
  },
  {
    id: "youtube.upload.chunk-auth",
    rule: "Whether chunk PUTs need `Authorization` is not documented.",
    source: RESUMABLE,
    answer: "Accepted without it, checked when present (a choice).",
    choice: true,
  },
  {
    id: "youtube.upload.limit",
    rule: "A channel's API uploads are capped per day.",
    source: ERRORS,
    answer: "400 `uploadLimitExceeded`.",
    option: "uploadLimit",
  },
  {
    id: "youtube.video.title",
    rule: "`snippet.title` is required, at most 100 characters, without `<` or `>`.",
    source: VIDEOS,
    answer: "400 `invalidTitle`.",
  },
  {
    id: "youtube.video.description",
    rule: "`snippet.description` is at most 5000 bytes, without `<` or `>`.",
    source: VIDEOS,
    answer: "400 `invalidDescription`.",
  },
  {
    id: "youtube.video.tags",
    rule: "`snippet.tags` total at most 500 characters, commas counted, a tag with a space counted quoted.",
    source: VIDEOS,
    answer: "400 `invalidTags`.",
  },
  {
    id: "youtube.video.category",
    rule: "`snippet.categoryId` is a video category, required when a snippet is updated.",
    source: `${VIDEOS} ${UPDATE}`,
    answer: "400 `invalidCategoryId`; the known categories are a subset (a choice).",
    choice: true,
  },
  {
    id: "youtube.video.status-values",
    rule: "`privacyStatus` is public, unlisted or private; `license` youtube or creativeCommon; `embeddable`, `publicStatsViewable`, `selfDeclaredMadeForKids` are booleans.",
    source: VIDEOS,
    answer: "400 `invalidValue` (the reason is a choice).",
    choice: true,
  },
  {
    id: "youtube.video.publish-at",
    rule: "`status.publishAt` is an RFC 3339 date-time, and only for a private video.",
    source: VIDEOS,
    answer: '400 `invalidPublishAt` for "June 1, 2031", a date alone, an impossible date, or a public video.',
  },
  {
    id: "youtube.video.read-only",
    rule: "`uploadStatus`, `failureReason`, `rejectionReason` and `madeForKids` are set by YouTube.",
    source: VIDEOS,
    answer: "Ignored when sent.",
  },
  {
    id: "youtube.video.resource",
    rule: "A video resource carries `snippet.thumbnails`, `channelTitle`, `liveBroadcastContent`, `localized`, and `status.license`, `embeddable`, `publicStatsViewable`, `madeForKids`.",
    source: VIDEOS,
    answer:
      "Those fields, with YouTube's defaults (`youtube`, `true`, `true`, from `selfDeclaredMadeForKids`).",
  },
  {
    id: "youtube.video.processing",
    rule: "An uploaded video is processing, then succeeded or failed: `status.uploadStatus` and `processingDetails` (`processingProgress`, the `…Availability` fields).",
    source: `${VIDEOS} ${LIST}`,
    answer:
      "Processing ends after status reads or time; the progress counts, availability values and failure reasons (`codec`, `transcodeFailed`) are choices.",
    choice: true,
    option: "processingAfterPolls, processingAfterMs, processingOutcome",
  },
  {
    id: "youtube.video.list",
    rule: "videos.list by `id` takes up to 50 ids and leaves out those not found.",
    source: LIST,
    answer:
      "The videos found; 400 `missingRequiredParameter` without ids (the emulator serves the `id` filter only: a choice).",
    choice: true,
  },
  {
    id: "youtube.video.update",
    rule: "videos.update replaces every mutable property of each part sent; omitted ones are reset.",
    source: UPDATE,
    answer: "The replaced resource; an omitted `privacyStatus` becomes `public` (a choice).",
    choice: true,
  },
  {
    id: "youtube.video.delete",
    rule: "videos.delete removes the video.",
    source: DELETE,
    answer: "204; afterwards 404 `videoNotFound` (the reason is a choice).",
    choice: true,
  },
  {
    id: "youtube.playlist.items",
    rule: "playlistItems.list pages a playlist with `maxResults` 0–50 (default 5) and page tokens.",
    source: PLAYLIST_ITEMS,
    answer:
      "The uploads playlist only, newest first; 400 for a bad `maxResults` or token, 404 `playlistNotFound` (reasons and order are choices).",
    choice: true,
  },
  {
    id: "youtube.thumbnails.set",
    rule: "thumbnails.set takes a JPEG or PNG of at most 2 MB, for a channel allowed custom thumbnails.",
    source: THUMBNAILS,
    answer: "400 `mediaBodyRequired` or `invalidImage`; 403 `forbidden`.",
    option: "customThumbnails",
  },
];
