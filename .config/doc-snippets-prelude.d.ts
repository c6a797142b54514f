// Ambient placeholders for the documentation's TypeScript samples, checked by
// .config/check-doc-snippets.mjs. Each sample is its own module; what a sample takes from the app
// around it (its database, session, request, environment, …) or from an earlier sample on the
// same page (the `tiktok` and `youtube` clients, `tokens`) is declared here once, so the samples
// stay short. A sample that declares one of these names itself shadows the declaration here.
// Keep the types honest: a placeholder typed too loosely would let a wrong sample compile.

// ── Clients and tokens set up by an earlier sample ─────────────────────────────────────────────

/** The TikTok client ("Create a client"). */
declare const tiktok: import("@postkit/tiktok").TikTok;
/** The YouTube client ("Create a client"). */
declare const youtube: import("@postkit/youtube").YouTube;
/** Any platform's client, through core's uniform contract. */
declare const provider: import("@postkit/core").Provider;
/** A connected account's tokens. */
declare const tokens: import("@postkit/core").TokenSet;
/** A connected account and what acts for it, as `connect` returned it (or loaded from the app's data). */
declare const connection: import("@postkit/core").Connection;
/** An account the app stored after `connect`. */
declare const account: import("@postkit/core").Account;
/** The app's shared token store (Redis in production, memory in tests). */
declare const tokenStore: import("@postkit/core").TokenStore;
/** A publish job returned earlier and stored by the app. */
declare const publishJob: import("@postkit/core").PublishJob;
/** The emulator hub of the testing samples. */
declare const hub: import("@postkit/testing").EmulatorHub<
  import("@postkit/testing").TikTokEmulator | import("@postkit/testing").YouTubeEmulator
>;

// ── The app around the samples ─────────────────────────────────────────────────────────────

/** The app's validated configuration. */
declare const env: {
  readonly TIKTOK_CLIENT_KEY: string;
  readonly TIKTOK_CLIENT_SECRET: string;
  readonly GOOGLE_CLIENT_ID: string;
  readonly GOOGLE_CLIENT_SECRET: string;
  readonly REDIS_URL: string;
  readonly META_APP_ID: string;
  readonly META_APP_SECRET: string;
  readonly INSTAGRAM_APP_ID: string;
  readonly INSTAGRAM_APP_SECRET: string;
};

/** The incoming HTTP request of a route handler (the OAuth callback). */
declare const request: Request;
/** The URL the platform redirected the user back to. */
declare const callbackUrl: string;
/** The user's session, e.g. an encrypted cookie: what the login route kept for the callback. */
declare const session: {
  /** The login session `createAuthorizationUrl` returned, kept until the callback. */
  login: import("@postkit/core").LoginSession | undefined;
};
/** Answers the current request with a redirect. */
declare function redirect(location: string | URL): void;

/** The signed-in user of the app, and ids of the app's upload jobs. */
declare const userId: string;
declare const jobId: string;
declare const uploadId: string;

/** The app's storage. Values are JSON text unless a typed overload says otherwise. */
declare const db: {
  saveTokens(userId: string, tokens: import("@postkit/core").TokenSet): Promise<void>;
  saveTokens(userId: string, platform: string, json: string): Promise<void>;
  loadTokens(userId: string, platform: string): Promise<string>;
  get(key: string): Promise<string>;
  set(key: string, value: string): Promise<void>;
  saveUpload(jobId: string, json: string): Promise<void>;
  loadUpload(jobId: string): Promise<string>;
  saveUploadState(jobId: string, state: import("@postkit/core").ResumeState): Promise<void>;
};
/** Persists a resume state, and loads the last one persisted (already validated). */
declare function save(state: import("@postkit/core").ResumeState): Promise<void>;
declare function load(): Promise<import("@postkit/core").ResumeState>;

/** A job queue and the job being run. */
interface AppJob {
  readonly id: string;
}
declare const job: AppJob;
declare const queue: { retryLater(job: AppJob): void };

/** UI bits: a progress bar, a cancel button's controller, the privacy level the user picked. */
declare const bar: { update(fraction: number): void };
declare const controller: AbortController;
declare const userChoice: import("@postkit/tiktok").TikTokPrivacyLevel;
/** A running total of YouTube quota units. */
declare const quotaBudget: { add(units: number): void };

// ── Inputs a sample takes as given ─────────────────────────────────────────────────────────

/** A submitted form (with a `video` file field) and bytes already in memory. */
declare const formData: FormData;
declare const bytes: Uint8Array;
/** An upload source and the options of the post being uploaded (TikTok direct post options). */
declare const source: import("@postkit/core").UploadSource;
declare const options: import("@postkit/tiktok").TikTokDirectPostOptions;
/** A full video publish input for TikTok. */
declare const input: import("@postkit/core").VideoPublishInput<import("@postkit/tiktok").TikTokVideoOptions>;
/** A TikTok publish id returned by an earlier post. */
declare const publishId: string;
/** A custom `fetch` (a proxy, an instrumented one, an emulator's). */
declare const myFetch: typeof fetch;
