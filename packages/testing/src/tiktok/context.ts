// What every route module gets: the options, the settings fixed at creation, the clock and the
// state. Passed explicitly instead of closing over the emulator, so each module stands alone.
import type { Clock } from "../harness/clock.js";
import type { TikTokEmulatorOptions, TikTokSettings } from "./options.js";
import type { TikTokState, TokenRecord } from "./state.js";

export interface TikTokContext {
  /** The options as given; those not in `settings` are read (with their defaults) where used. */
  readonly options: TikTokEmulatorOptions;
  readonly settings: TikTokSettings;
  readonly clock: Clock;
  readonly state: TikTokState;
}

/** An authenticated call: the access token and what it grants. */
export interface Authorized {
  token: string;
  record: TokenRecord;
}

// biome-ignore lint/suspicious/noExplicitAny: untrusted request JSON, checked field by field where it is read.
export type Json = Record<string, any>;

export async function readJson(request: Request): Promise<Json | undefined> {
  const text = await request.text();
  if (text === "") return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
  } catch {
    return undefined;
  }
}
