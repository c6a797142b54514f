// The types of `@postkit/example-platforms/adapter-testing` (plain ESM, run without a build).
import type { ExamplePlatforms } from "./index.mjs";

/** A session secret long enough for the adapters' login cookies. */
export declare const TEST_SESSION_SECRET: string;

/** The four platforms on the embedded emulators (no environment), a MemoryTokenStore, no logging. */
export declare function createTestPlatforms(publicUrl?: string | undefined): Promise<ExamplePlatforms>;

/** The `name=value` of the login cookie a connect response sets, or `""`. */
export declare function loginCookie(start: Response): string;

/** A form with the sample video as `video`, `title` and its `durationSec`. */
export declare function sampleVideoForm(title: string): Promise<FormData>;

/** What publishing the sample ends as: a TikTok draft, published elsewhere. */
export declare function expectedOutcome(key: string): "draft" | "published";
