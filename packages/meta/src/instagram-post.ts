// What an app asks Instagram to publish: the post shapes (image, Reel, Story, carousel) and the
// limits they are checked against. The checks themselves, and the container parameters each post
// becomes, are in instagram-rules.ts; the sources of every limit are listed there.
import type { UploadSource } from "@postkit/core";

/** Caption length, in Unicode characters (code points: how Meta counts is UNCONFIRMED). @group Instagram */
export const INSTAGRAM_MAX_CAPTION_CHARS = 2200;
/**
 * Hashtags per caption. Widely quoted (and in the brief of this SDK) but not in the Meta pages
 * postkit's notes could read: UNCONFIRMED. @group Instagram
 */
export const INSTAGRAM_MAX_HASHTAGS = 30;
/** `@` mentions per caption: UNCONFIRMED like {@link INSTAGRAM_MAX_HASHTAGS}. @group Instagram */
export const INSTAGRAM_MAX_MENTIONS = 20;
/** Largest image: 8 MiB (error 2207004). @group Instagram */
export const INSTAGRAM_MAX_IMAGE_BYTES = 8 * 1024 * 1024;
/** Largest Reel uploaded from bytes: 1 GB (older English docs said 300 MB). @group Instagram */
export const INSTAGRAM_MAX_REEL_BYTES = 1024 * 1024 * 1024;
/** Reel duration bounds in milliseconds: 3 s to 15 min. @group Instagram */
export const INSTAGRAM_REEL_DURATION_MS: Readonly<{
  /** Shortest: 3 s. */
  min: number;
  /** Longest: 15 min. */
  max: number;
}> = Object.freeze({ min: 3_000, max: 15 * 60_000 });
/** Carousel children: 2 to 10. @group Instagram */
export const INSTAGRAM_CAROUSEL_ITEMS: Readonly<{
  /** Fewest items: 2. */
  min: number;
  /** Most items: 10. */
  max: number;
}> = Object.freeze({ min: 2, max: 10 });

/** A person tagged in an image (`user_tags`); `x` and `y` from the top-left, 0.0–1.0. @group Instagram */
export interface InstagramUserTag {
  /** The Instagram username, without `@`. */
  username: string;
  /** Horizontal position, 0.0–1.0 from the left (images only). */
  x?: number | undefined;
  /** Vertical position, 0.0–1.0 from the top (images only). */
  y?: number | undefined;
}

/** What the app knows about an image at a URL: checked when given (Instagram fetches the URL itself). @group Instagram */
export interface InstagramImageFacts {
  /** The image's MIME type: must be `image/jpeg`. */
  contentType?: string | undefined;
  /** Its size in bytes: at most 8 MiB. */
  sizeBytes?: number | undefined;
}

/** Fields an image post, a carousel and a Reel share. @group Instagram */
interface InstagramFeedFields {
  /** At most 2,200 characters, 30 hashtags and 20 mentions. */
  caption?: string | undefined;
  /** A Facebook Page id tagging a place (`location_id`). */
  locationId?: string | undefined;
  /** Usernames invited as collaborators (`collaborators`); on a carousel's parent only. */
  collaborators?: readonly string[] | undefined;
}

/** A single image post (`image_url`, JPEG only). @group Instagram */
export interface InstagramImagePost extends InstagramFeedFields, InstagramImageFacts {
  /** An image post. */
  type: "image";
  /** A public https URL of a JPEG, which Instagram fetches. */
  imageUrl: string;
  /** Alternative text (`alt_text`, images only). */
  altText?: string | undefined;
  /** People tagged in it. */
  userTags?: readonly InstagramUserTag[] | undefined;
}

/** Where a video comes from: a public URL Instagram fetches, or bytes postkit uploads. @group Instagram */
export type InstagramVideoInput =
  | {
      /** A public https URL of the video (`video_url`). */
      videoUrl: string;
      /** Not with `videoUrl`. */
      source?: undefined;
    }
  | {
      /**
       * The bytes, uploaded to Meta's resumable upload host (`upload_type=resumable`). Facebook
       * Login accounts only: on Instagram Login it is UNCONFIRMED, so postkit refuses it.
       */
      source: UploadSource;
      /** Not with `source`. */
      videoUrl?: undefined;
    };

/** The settings of a Reel, without its video. @group Instagram */
export interface InstagramReelSettings extends InstagramFeedFields {
  /** Show it in the feed too (`share_to_feed`). */
  shareToFeed?: boolean | undefined;
  /** A public https URL of a cover image (`cover_url`). */
  coverUrl?: string | undefined;
  /** The cover frame, in **milliseconds** from the start (`thumb_offset`): at least 0, less than the duration. */
  thumbOffsetMs?: number | undefined;
  /** The video's duration, when known: checked against 3 s–15 min and `thumbOffsetMs`. Not sent. */
  durationMs?: number | undefined;
  /** A name for its original audio (`audio_name`). */
  audioName?: string | undefined;
  /** People tagged in it (usernames; no coordinates on Reels). */
  userTags?: readonly InstagramUserTag[] | undefined;
  /** Post it as a trial Reel (`trial_params.graduation_strategy`). */
  trialGraduation?: "MANUAL" | "SS_PERFORMANCE" | undefined;
}

/** A Reel (`media_type=REELS`): how single videos are posted. @group Instagram */
export type InstagramReelPost = InstagramReelSettings &
  InstagramVideoInput & {
    /** A Reel. */
    type: "reel";
  };

/** A Story (`media_type=STORIES`): one image or video. @group Instagram */
export type InstagramStoryPost = {
  /** A Story. */
  type: "story";
} & (
  | ({
      /** A public https URL of a JPEG. */
      imageUrl: string;
      /** Not with `imageUrl`. */
      videoUrl?: undefined;
      /** Not with `imageUrl`. */
      source?: undefined;
    } & InstagramImageFacts)
  | (InstagramVideoInput & {
      /** Not with a video. */
      imageUrl?: undefined;
    })
);

/** One item of a carousel: an image, or a video (`media_type=VIDEO`; Reels cannot be carousel items). @group Instagram */
export type InstagramCarouselItem =
  | ({
      /** An image item. */
      type: "image";
      /** A public https URL of a JPEG. */
      imageUrl: string;
      /** Alternative text. */
      altText?: string | undefined;
      /** People tagged in it. */
      userTags?: readonly InstagramUserTag[] | undefined;
    } & InstagramImageFacts)
  | {
      /** A video item. */
      type: "video";
      /** A public https URL of the video. */
      videoUrl: string;
    };

/** A carousel (`media_type=CAROUSEL`): 2–10 items, the caption on the carousel. @group Instagram */
export interface InstagramCarouselPost extends InstagramFeedFields {
  /** A carousel. */
  type: "carousel";
  /** 2 to 10 items, in order. */
  items: readonly InstagramCarouselItem[];
}

/** Anything postkit publishes to Instagram. @group Instagram */
export type InstagramPost =
  | InstagramImagePost
  | InstagramReelPost
  | InstagramStoryPost
  | InstagramCarouselPost;

/** The media type of the container that is published. @group Instagram */
export type InstagramMediaKind = "IMAGE" | "REELS" | "STORIES" | "CAROUSEL";
