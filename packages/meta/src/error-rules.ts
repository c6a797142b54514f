// The Graph error table: which class each code (and subcode) falls in, and what to do about it.
// Sources: https://developers.facebook.com/docs/graph-api/guides/error-handling ,
// https://developers.facebook.com/docs/graph-api/overview/rate-limiting ,
// https://developers.facebook.com/documentation/pages-api/error-codes ,
// https://developers.facebook.com/documentation/instagram-platform/instagram-graph-api/reference/error-codes .
import type { NextStep } from "@postkit/core";

/**
 * How postkit classifies a Graph error:
 * - `auth`: the token is expired or invalid (190, 102, `OAuthException` without a code rule): reconnect.
 * - `permission`: a permission is missing (3, 10, 200–299): request it and reconnect.
 * - `throttling`: a rate limit (4 app, 17 user, 32 Page, 341, 613, Instagram 9/2207042): slow down.
 * - `transient`: Meta failed (1, 2): retry later.
 * - `policy`: temporarily blocked (368): wait.
 * - `invalid-parameter`: 100 and the parameter errors: fix the request.
 * - `media`: an Instagram 2207xxx media code or a Facebook photo code.
 * - `other`: any other code.
 * @group Errors
 */
export type GraphErrorKind =
  | "auth"
  | "permission"
  | "throttling"
  | "transient"
  | "policy"
  | "invalid-parameter"
  | "media"
  | "other";

/** @internal */
export interface GraphRule {
  kind: GraphErrorKind;
  /** `undefined`: from `is_transient` and the HTTP status. */
  retryable?: boolean | undefined;
  next?: NextStep | undefined;
  hint: string;
}

const RECONNECT = "The user must log in with Facebook again to get a new token.";

/** 190's subcodes. 464 and 467 are UNCONFIRMED (Meta's table was not available past 460; public clients name them). */
const AUTH_SUBCODES: Record<number, string> = {
  458: "The user removed the app (458): they must log in with Facebook again.",
  459: "The user must log in at facebook.com to pass a checkpoint (459), then connect again.",
  460: "The user changed their password (460): they must log in with Facebook again.",
  463: "The token expired (463): the user must log in with Facebook again.",
  464: "The user is unconfirmed (464, UNCONFIRMED): they must confirm their account and connect again.",
  467: "The token is invalid (467, UNCONFIRMED): the user must log in with Facebook again.",
  492: "The user has no role on this Page any more (492): they must be given one and connect again.",
  2069032: "This call needs a Page access token: use the Page's account from connect(), not the user token.",
};

/** Instagram's media subcodes (with their usual code) and what to do. */
const INSTAGRAM_SUBCODES: Record<number, Omit<GraphRule, "kind"> & { kind?: GraphErrorKind }> = {
  2207001: { retryable: true, hint: "Instagram failed on its side (2207001): retry later." },
  2207003: { retryable: true, hint: "Instagram timed out downloading the media (2207003): retry later." },
  2207032: { retryable: true, hint: "Instagram could not create the media (2207032): retry later." },
  2207020: { retryable: false, hint: "The media expired (2207020): create a new container." },
  2207053: { retryable: false, hint: "The video upload failed (2207053): create a new container." },
  2207006: { retryable: false, hint: "The media was not found (2207006): create a new container." },
  2207008: { retryable: false, hint: "The container expired (2207008): create a new one." },
  2207027: {
    retryable: true,
    hint: "The container is not ready (2207027): poll its status_code until FINISHED, then publish again.",
  },
  2207042: {
    kind: "throttling",
    retryable: false,
    hint: "The account reached its daily publishing limit (2207042): read content_publishing_limit and wait.",
  },
  2207052: {
    retryable: false,
    hint: "Instagram could not fetch the media URL (2207052): use a public https URL of a JPEG or video, not localhost or a page.",
  },
  2207004: { retryable: false, hint: "The image is larger than 8 MiB (2207004)." },
  2207005: {
    retryable: false,
    hint: "The image format is not supported (2207005): Instagram takes JPEG only.",
  },
  2207009: { retryable: false, hint: "The aspect ratio is not supported (2207009): use 4:5 to 1.91:1." },
  2207026: {
    retryable: false,
    hint: "The video format is not supported (2207026): re-encode as H.264/AAC MP4 with +faststart.",
  },
  2207082: {
    retryable: false,
    hint: "Video processing failed (2207082): re-encode and create a new container.",
  },
  2207085: {
    retryable: false,
    hint: "Video processing failed (2207085): re-encode and create a new container.",
  },
  2207057: {
    retryable: false,
    hint: "thumb_offset is out of range (2207057): milliseconds, at least 0 and less than the duration.",
  },
  2207010: { retryable: false, hint: "The caption is too long (2207010): at most 2,200 characters." },
  2207023: { retryable: false, hint: "Unknown media type (2207023)." },
  2207028: { retryable: false, hint: "The carousel is invalid (2207028): 2 to 10 ready children." },
  2207089: {
    retryable: false,
    hint: "VIDEO is not a standalone post (2207089): publish single videos as REELS.",
  },
  2207051: { kind: "policy", retryable: false, hint: "The account is restricted for spam (2207051)." },
  2207050: { kind: "policy", retryable: false, hint: "The Instagram user is restricted (2207050)." },
  2207081: { retryable: false, hint: "The account cannot post trial reels (2207081)." },
};

/** Facebook publishing subcodes (Pages API error codes; the photo ones from public clients). */
const FACEBOOK_SUBCODES: Record<number, Omit<GraphRule, "kind"> & { kind?: GraphErrorKind }> = {
  1366046: { kind: "media", retryable: false, hint: "The photo must be a JPG or PNG under 4 MB (1366046)." },
  1366051: { kind: "media", retryable: false, hint: "This photo was already posted (1366051)." },
  1390008: {
    kind: "policy",
    retryable: false,
    hint: "Posting too fast (1390008): wait before posting again.",
  },
  2061006: { retryable: false, hint: "The URL is invalid (2061006)." },
  1609008: { retryable: false, hint: "Links to facebook.com cannot be posted this way (1609008)." },
  1404078: {
    kind: "policy",
    retryable: false,
    hint: "The Page needs Page Publishing Authorization (1404078).",
  },
  4854002: {
    kind: "policy",
    retryable: false,
    hint: "The user must confirm their identity on Facebook (4854002).",
  },
  2853006: {
    kind: "permission",
    retryable: false,
    hint: "The user has no permission on this Page (2853006).",
  },
  2069030: { retryable: false, hint: "This endpoint is not supported for this object (2069030)." },
};

const THROTTLING: Record<number, string> = {
  4: "The app reached its call limit (4): slow down; X-App-Usage says how close it is.",
  17: "The user reached their call limit (17): slow down.",
  32: "The Page reached its request limit (32): slow down; X-Page-Usage or X-Business-Use-Case-Usage says until when.",
  341: "The app reached a limit (341): slow down.",
  613: "A custom rate limit was reached (613): slow down.",
};

/** The rule of a Graph error code and subcode. @internal */
export function ruleFor(code: number, subcode: number | undefined): GraphRule {
  if (code === 190 || code === 102) {
    const hint = (subcode !== undefined ? AUTH_SUBCODES[subcode] : undefined) ?? RECONNECT;
    return { kind: "auth", retryable: false, next: "after-reconnect", hint };
  }
  if (code === 25) {
    return {
      kind: "auth",
      retryable: false,
      next: "after-reconnect",
      hint: "User access is restricted (25): the user must connect again.",
    };
  }
  const special =
    subcode !== undefined ? (INSTAGRAM_SUBCODES[subcode] ?? FACEBOOK_SUBCODES[subcode]) : undefined;
  if (special) {
    const kind =
      special.kind ?? (subcode !== undefined && subcode >= 2207000 && subcode < 2208000 ? "media" : "other");
    return { kind, retryable: special.retryable, next: special.next, hint: special.hint };
  }
  if (THROTTLING[code]) return { kind: "throttling", retryable: true, hint: THROTTLING[code] };
  if (code === 3 || code === 10 || (code >= 200 && code <= 299)) {
    return {
      kind: "permission",
      retryable: false,
      next: "after-reconnect",
      hint: 'A permission is missing or was declined: request it (authType "rerequest") and have the user connect again.',
    };
  }
  if (code === 1 || code === 2) {
    return {
      kind: "transient",
      retryable: true,
      hint: "Meta failed temporarily (1 or 2): retry with backoff.",
    };
  }
  if (code === 368) {
    return {
      kind: "policy",
      retryable: false,
      next: "after-delay",
      hint: "The account is temporarily blocked from this action (368): wait before trying again.",
    };
  }
  if (code === 100) {
    return {
      kind: "invalid-parameter",
      retryable: false,
      hint: "A parameter is invalid (100): fix the request.",
    };
  }
  if (code === 506) return { kind: "other", retryable: false, hint: "This is a duplicate post (506)." };
  if (code === 9004 || code === 9007 || code === 36000 || code === 36001 || code === 36003 || code === 352) {
    return {
      kind: "media",
      hint: "Instagram refused the media: see the subcode and Meta's Instagram error codes.",
    };
  }
  return {
    kind: "other",
    hint: "See Meta's error codes: https://developers.facebook.com/docs/graph-api/guides/error-handling",
  };
}
