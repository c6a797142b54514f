// Every rule the TikTok emulator enforces, with the TikTok documentation it comes from; the
// testing README's rules table is generated from this list (tests/docs checks it is current).
import type { EmulatorRule } from "../harness/rules.js";

const DOC = "https://developers.tiktok.com/doc/";
const WEB = `${DOC}login-kit-web`;
const DESKTOP = `${DOC}login-kit-desktop`;
const TOKENS = `${DOC}oauth-user-access-token-management`;
const OAUTH_ERRORS = `${DOC}oauth-error-handling`;
const ERRORS = `${DOC}tiktok-api-v2-error-handling`;
const RATE = `${DOC}tiktok-api-v2-rate-limit`;
const USER = `${DOC}tiktok-api-v2-get-user-info`;
const LIST = `${DOC}tiktok-api-v2-video-list`;
const QUERY = `${DOC}tiktok-api-v2-video-query`;
const VIDEO = `${DOC}tiktok-api-v2-video-object`;
const CREATOR = `${DOC}content-posting-api-reference-query-creator-info`;
const DIRECT = `${DOC}content-posting-api-reference-direct-post`;
const INBOX = `${DOC}content-posting-api-reference-upload-video`;
const PHOTO = `${DOC}content-posting-api-reference-photo-post`;
const STATUS = `${DOC}content-posting-api-reference-get-video-status`;
const TRANSFER = `${DOC}content-posting-api-media-transfer-guide`;
const SHARING = `${DOC}content-sharing-guidelines`;
const RFC6749 = "https://www.rfc-editor.org/rfc/rfc6749#section-3.1";

/** The TikTok emulator's rules, in the order of the flow: OAuth, the Open API, posting, upload, status. */
export const TIKTOK_EMULATOR_RULES: readonly EmulatorRule[] = [
  {
    id: "tiktok.oauth.client-key",
    rule: "The authorization page takes `client_key` (not `client_id`) of a registered app.",
    source: WEB,
    answer: "TikTok's error page naming `client_key`.",
  },
  {
    id: "tiktok.oauth.authorize-params",
    rule: "`response_type=code`, a registered `redirect_uri` matched exactly, a `state`, and `disable_auto_auth` 0 or 1 when sent.",
    source: WEB,
    answer: "The error page naming the parameter.",
  },
  {
    id: "tiktok.oauth.scopes",
    rule: "Scopes are comma-separated and known; the user may grant a subset, returned as `scopes` (plural).",
    source: WEB,
    answer: "The error page for spaces or an unknown scope; the callback carries `code`, `scopes`, `state`.",
    option: "grant",
  },
  {
    id: "tiktok.oauth.pkce",
    rule: "PKCE with `S256` and a challenge that is the hex SHA-256 of the verifier (64 characters).",
    source: `${DESKTOP} ${WEB}`,
    answer: "The error page naming `code_challenge`; an RFC 7636 base64url challenge only with the option.",
    choice: true,
    option: "pkce",
  },
  {
    id: "tiktok.oauth.repeated-parameter",
    rule: "No parameter may appear twice in an authorization request or a token or revoke form (RFC 6749 §3.1, §3.2).",
    source: RFC6749,
    answer: "The error page; 400 `invalid_request` on the token and revoke endpoints.",
    choice: true,
  },
  {
    id: "tiktok.oauth.code-decoding",
    rule: "The code from the callback must be URL-decoded before the exchange.",
    source: TOKENS,
    answer:
      "Codes end in `*0!1`, so the redirect percent-encodes them; an undecoded code gets 400 `invalid_grant`.",
    choice: true,
    option: "codeNeedsDecoding",
  },
  {
    id: "tiktok.oauth.token-request",
    rule: "The token endpoint takes `application/x-www-form-urlencoded` with `client_key` and `client_secret` in the body.",
    source: TOKENS,
    answer: "400 `invalid_request` for another content type; 401 `invalid_client` for a wrong key or secret.",
    choice: true,
  },
  {
    id: "tiktok.oauth.code-exchange",
    rule: "A code is used once, before it expires, with the `redirect_uri` it was issued for and the matching `code_verifier`.",
    source: `${TOKENS} ${OAUTH_ERRORS}`,
    answer:
      "400 `invalid_grant` (used, expired, redirect mismatch); 400 `invalid_request` for a wrong verifier. The code's lifetime (600 s) is a choice.",
    choice: true,
    option: "codeTtlSec",
  },
  {
    id: "tiktok.oauth.token-response",
    rule: "Tokens come as flat JSON: `access_token`, `expires_in`, `open_id`, `refresh_expires_in`, `refresh_token`, `scope` (commas), `token_type`.",
    source: TOKENS,
    answer: "That JSON, 24 h and 365 days by default.",
    option: "accessTokenTtlSec, refreshTokenTtlSec",
  },
  {
    id: "tiktok.oauth.refresh-rotation",
    rule: "A refresh may return a different refresh token, which must be used from then on.",
    source: TOKENS,
    answer:
      "A new refresh token each time; the old one gets 400 `invalid_grant` (that it stops working is a choice).",
    choice: true,
    option: "rotateRefreshTokens",
  },
  {
    id: "tiktok.oauth.revoke",
    rule: "Revoke takes the access token in a form with the client's key and secret, and answers an empty body.",
    source: TOKENS,
    answer:
      "200 with no body; the user's refresh tokens end too. 400 `invalid_request` for an unknown token is a choice.",
    choice: true,
  },
  {
    id: "tiktok.oauth.error-shape",
    rule: "OAuth errors are flat: `error`, `error_description`, `log_id`.",
    source: OAUTH_ERRORS,
    answer: "That shape; the HTTP status of each `error` is a choice (400, 401 for `invalid_client`).",
    choice: true,
  },
  {
    id: "tiktok.api.bearer",
    rule: "Every Open API call needs `Authorization: Bearer` with a live token; a missing, invalid or expired one is `access_token_invalid`.",
    source: ERRORS,
    answer:
      '401 `access_token_invalid` "The access token is invalid or not found in the request." (TikTok names missing and invalid alike).',
  },
  {
    id: "tiktok.api.scope",
    rule: "A call needs the scope of its endpoint.",
    source: ERRORS,
    answer: "401 `scope_not_authorized`.",
  },
  {
    id: "tiktok.api.envelope",
    rule: "Answers are `{ data, error: { code, message, log_id } }`; success is `error.code` `ok`.",
    source: ERRORS,
    answer: "That envelope on every Open API answer.",
  },
  {
    id: "tiktok.api.rate-limits",
    rule: "Per token per minute: creator_info 20, each init 6, status 30, user/info, video/list and video/query 600.",
    source: `${RATE} ${CREATOR} ${DIRECT} ${INBOX} ${PHOTO} ${STATUS}`,
    answer: "429 `rate_limit_exceeded` past the limit, in a sliding minute on the emulator's clock.",
    option: "rateLimits",
  },
  {
    id: "tiktok.api.unknown",
    rule: "Endpoints and methods are those documented.",
    source: ERRORS,
    answer: "404 `not_found` for an unknown path and 405 `invalid_params` for a wrong method (both choices).",
    choice: true,
  },
  {
    id: "tiktok.user.fields",
    rule: "`user/info` takes a required, comma-separated `fields` of known fields, each behind its scope.",
    source: USER,
    answer:
      "400 `invalid_params` for no or unknown fields; 400 `scope_permission_missed` for a field without its scope (a choice).",
    choice: true,
  },
  {
    id: "tiktok.video.list",
    rule: "`video/list` takes `max_count` 1–20 (default 10) and a millisecond `cursor`, newest first, the token's own videos.",
    source: `${LIST} ${VIDEO}`,
    answer: "400 `invalid_params` out of range; pages by `create_time`.",
  },
  {
    id: "tiktok.video.query",
    rule: "`video/query` takes 1–20 string ids in `filters.video_ids` and finds only the user's own videos.",
    source: `${QUERY} ${VIDEO}`,
    answer: "400 `invalid_params` otherwise; another user's ids are not found.",
  },
  {
    id: "tiktok.post.creator-info",
    rule: "creator_info answers the posting errors `spam_risk_too_many_posts`, `spam_risk_user_banned_from_posting`, `reached_active_user_cap` with HTTP 200.",
    source: CREATOR,
    answer: "HTTP 200 with the error code; the inits answer the same code with 403.",
    option: "creator.postingError",
  },
  {
    id: "tiktok.post.json",
    rule: "The inits take `application/json` bodies.",
    source: DIRECT,
    answer: "400 `invalid_param`.",
  },
  {
    id: "tiktok.post.privacy-level",
    rule: "A direct post's `privacy_level` is required and one of creator_info's `privacy_level_options`.",
    source: `${DIRECT} ${PHOTO}`,
    answer: "403 `privacy_level_option_mismatch`.",
  },
  {
    id: "tiktok.post.unaudited",
    rule: "An unaudited app posts only for private accounts, and only `SELF_ONLY`.",
    source: `${SHARING} ${DIRECT}`,
    answer:
      "403 `unaudited_client_can_only_post_to_private_accounts`; 403 `privacy_level_option_mismatch` for another level (a choice).",
    choice: true,
    option: "audited",
  },
  {
    id: "tiktok.post.interactions",
    rule: "Comments, duets and stitches the creator disabled cannot be turned on; branded content cannot be `SELF_ONLY`.",
    source: SHARING,
    answer: "400 `invalid_param` (the code is a choice).",
    choice: true,
  },
  {
    id: "tiktok.post.texts",
    rule: "A video title is at most 2200 UTF-16 units; a photo title 90 and description 4000.",
    source: `${DIRECT} ${PHOTO}`,
    answer: "400 `invalid_param` (the code is a choice).",
    choice: true,
  },
  {
    id: "tiktok.post.chunks",
    rule: "`total_chunk_count` is `floor(video_size / chunk_size)`; chunks 5–64 MB, a single chunk is the whole video up to 64 MB, the final chunk up to 128 MB, 1–1000 chunks, at most 4 GB.",
    source: TRANSFER,
    answer:
      '400 `invalid_params` (plural, as TikTok sends it); "MB" read the stricter way (5 MiB to 64,000,000 B) is a choice.',
    choice: true,
  },
  {
    id: "tiktok.post.pull-from-url",
    rule: "PULL_FROM_URL needs an https URL on a verified domain or URL prefix.",
    source: TRANSFER,
    answer: "403 `url_ownership_unverified`.",
    option: "verifiedUrlPrefixes",
  },
  {
    id: "tiktok.post.pending-shares",
    rule: "At most 5 uploads wait in a user's inbox per 24 h.",
    source: `${SHARING} ${INBOX}`,
    answer: "403 `spam_risk_too_many_pending_share`.",
  },
  {
    id: "tiktok.post.photo",
    rule: "content/init takes `media_type` PHOTO, `post_mode` DIRECT_POST or MEDIA_UPLOAD, PULL_FROM_URL only, 1–35 images and a cover index among them.",
    source: PHOTO,
    answer: "400 `invalid_param`.",
  },
  {
    id: "tiktok.post.photo-upload-fields",
    rule: "`disable_comment`, `auto_add_music` and the brand toggles are DIRECT_POST fields.",
    source: PHOTO,
    answer: "400 `invalid_param` when a MEDIA_UPLOAD sends one (TikTok may ignore them: a choice).",
    choice: true,
  },
  {
    id: "tiktok.upload.headers",
    rule: "A chunk PUT has `Content-Type` video/mp4, video/quicktime or video/webm and `Content-Range: bytes FIRST-LAST/TOTAL` on the chunk plan.",
    source: TRANSFER,
    answer: "400 with the progress `Content-Range`.",
  },
  {
    id: "tiktok.upload.content-length",
    rule: "A chunk PUT carries `Content-Length`, equal to the chunk's bytes.",
    source: `${TRANSFER} ${DIRECT}`,
    answer:
      "400 for a body sent without it (chunked) or of another length. Checked on the loopback server and through `hub.fetch`; under msw a sized body arrives without the header, so only a wrong one is refused.",
  },
  {
    id: "tiktok.upload.order",
    rule: "Chunks go in order, one at a time; every answer carries `Content-Range: bytes 0-{UPLOADED}/{TOTAL}`.",
    source: TRANSFER,
    answer:
      "416 with the progress for a range that does not continue it; a range committed once when two PUTs race.",
  },
  {
    id: "tiktok.upload.statuses",
    rule: "206 for each accepted chunk, 201 once every byte arrived.",
    source: TRANSFER,
    answer: "206, then 201.",
  },
  {
    id: "tiktok.upload.expiry",
    rule: "The upload URL is valid for one hour after issuance.",
    source: `${DIRECT} ${TRANSFER}`,
    answer: "403 once expired, on the emulator's clock.",
  },
  {
    id: "tiktok.upload.unknown-task",
    rule: "A PUT to an upload URL with no upload task is refused.",
    source: TRANSFER,
    answer: "404.",
  },
  {
    id: "tiktok.upload.progress-format",
    rule: "Whether `{UPLOADED}` in `bytes 0-{UPLOADED}/{TOTAL}` is the last byte's index or a count is not documented.",
    source: TRANSFER,
    answer: "The last byte's index (`bytes */TOTAL` before the first byte), or a count with the option.",
    choice: true,
    option: "contentRangeReading",
  },
  {
    id: "tiktok.upload.error-body",
    rule: "The guide gives the statuses of failed PUTs, not their bodies.",
    source: TRANSFER,
    answer:
      "TikTok's error envelope with `invalid_params` and a message saying what failed; no body with the option.",
    choice: true,
    option: "uploadErrorBody",
  },
  {
    id: "tiktok.status.progress",
    rule: "status/fetch reports PROCESSING_UPLOAD or PROCESSING_DOWNLOAD, then PUBLISH_COMPLETE (direct) or SEND_TO_USER_INBOX (upload), or FAILED with `fail_reason`; `publicaly_available_post_id` fills in after moderation, as int64.",
    source: STATUS,
    answer: "That progress, one step per fetch; post ids written losslessly (19 digits).",
    option: "processingPolls, moderationPolls, failReason",
  },
  {
    id: "tiktok.status.owner",
    rule: "status/fetch and cancel take only the token user's own, existing `publish_id`.",
    source: STATUS,
    answer:
      "400 `invalid_publish_id`; 400 `token_not_authorized_for_specified_publish_id` for another user's.",
  },
  {
    id: "tiktok.status.cancel",
    rule: "Cancel stops only PULL_FROM_URL downloads still running.",
    source: TRANSFER,
    answer: "400 `publish_not_cancellable` otherwise; the publish ends FAILED `publish_cancelled`.",
  },
];
