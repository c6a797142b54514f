// The container rules the emulator enforces, written from Meta's pages (not the SDK's tables):
// https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media ,
// https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/content-publishing ,
// https://developers.facebook.com/documentation/instagram-platform/instagram-graph-api/reference/error-codes .
// Where Meta gives a subcode without its code (2207010, 2207023, 2207028) or no code at all
// (hashtags, mentions, a second publish), the emulator answers code 100: its own choice, UNCONFIRMED.
import { graphError } from "./errors.js";

const CAPTION_MAX = 2200;
// Widely quoted limits, not found in Meta's pages: UNCONFIRMED, enforced so apps see them early.
const HASHTAGS_MAX = 30;
const MENTIONS_MAX = 20;

/** Media types a container may have (`media_type`; absent for an image). */
export const MEDIA_TYPES = new Set(["VIDEO", "REELS", "STORIES", "CAROUSEL"]);

/** 9004/2207052: Instagram could not fetch the media. */
export const unfetchable = (what: string): Response =>
  graphError(
    400,
    9004,
    `Only photo or video can be accepted as media type; the ${what} could not be fetched from this URI.`,
    {
      subcode: 2207052,
    },
  );

/** 100 with an optional Instagram subcode. */
export const invalid = (message: string, subcode?: number): Response =>
  graphError(400, 100, `(#100) ${message}`, subcode === undefined ? {} : { subcode });

/** Instagram fetches media itself: https, a public host, and for images a JPEG. */
export function checkMediaUrl(value: string | null, kind: "image" | "video" | "cover"): Response | undefined {
  if (!value)
    return invalid(
      `The parameter ${kind === "image" ? "image_url" : kind === "video" ? "video_url" : "cover_url"} is required.`,
    );
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return unfetchable(kind);
  }
  if (url.protocol !== "https:" || /^(localhost|127\.|10\.|192\.168\.|\[)/.test(url.hostname))
    return unfetchable(kind);
  if (
    (kind === "image" || kind === "cover") &&
    !/\.jpe?g$/i.test(url.pathname) &&
    /\.[a-z0-9]{2,5}$/i.test(url.pathname)
  ) {
    return unfetchable(kind);
  }
  return undefined;
}

/** Caption: 2,200 characters (2207010), and the hashtag and mention limits. */
export function checkCaption(caption: string | null): Response | undefined {
  if (caption === null) return undefined;
  if ([...caption].length > CAPTION_MAX) return invalid("The caption is too long.", 2207010);
  if ((caption.match(/(^|\s)#\w+/gu) ?? []).length > HASHTAGS_MAX)
    return invalid("The caption has more than 30 hashtags.");
  if ((caption.match(/(^|\s)@[\w.]+/gu) ?? []).length > MENTIONS_MAX)
    return invalid("The caption has more than 20 mentions.");
  return undefined;
}

/** `thumb_offset`: milliseconds, a non-negative integer (1/2207057 otherwise). */
export function checkThumbOffset(value: string | null): Response | undefined {
  if (value === null || /^\d{1,9}$/.test(value)) return undefined;
  return graphError(400, 1, "The thumb_offset is invalid.", { subcode: 2207057 });
}

/** `user_tags`: a JSON array of `{username, x?, y?}` with x and y from 0.0 to 1.0. */
export function checkUserTags(value: string | null): Response | undefined {
  if (value === null) return undefined;
  let tags: unknown;
  try {
    tags = JSON.parse(value);
  } catch {
    return invalid("user_tags must be a JSON array.");
  }
  const ok =
    Array.isArray(tags) &&
    tags.every((tag) => {
      if (
        typeof tag !== "object" ||
        tag === null ||
        typeof (tag as { username?: unknown }).username !== "string"
      )
        return false;
      return ["x", "y"].every((axis) => {
        const at = (tag as Record<string, unknown>)[axis];
        return at === undefined || (typeof at === "number" && at >= 0 && at <= 1);
      });
    });
  return ok ? undefined : invalid("user_tags must be objects with a username and x, y between 0 and 1.");
}

/** `trial_params`: `{"graduation_strategy":"MANUAL"|"SS_PERFORMANCE"}`. */
export function checkTrialParams(value: string | null): Response | undefined {
  if (value === null) return undefined;
  try {
    const strategy = (JSON.parse(value) as { graduation_strategy?: unknown }).graduation_strategy;
    if (strategy === "MANUAL" || strategy === "SS_PERFORMANCE") return undefined;
  } catch {
    // Falls through to the refusal.
  }
  return invalid("trial_params.graduation_strategy must be MANUAL or SS_PERFORMANCE.");
}
