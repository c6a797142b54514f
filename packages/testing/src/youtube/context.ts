// What every route module gets: the options, the settings fixed at creation, the clock and the
// state. Passed explicitly instead of closing over the emulator, so each module stands alone.
import { createHash } from "node:crypto";
import type { Clock } from "../harness/clock.js";
import type { YouTubeEmulatorOptions, YouTubeSettings } from "./options.js";
import type { YouTubeState } from "./state.js";

export interface YouTubeContext {
  /** The options as given; those not in `settings` are read (with their defaults) where used. */
  readonly options: YouTubeEmulatorOptions;
  readonly settings: YouTubeSettings;
  readonly clock: Clock;
  readonly state: YouTubeState;
}

/** A stable etag for a resource, from a seed. */
export function etag(seed: string): string {
  return createHash("sha1").update(seed).digest("base64url").slice(0, 27);
}
