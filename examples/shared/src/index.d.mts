// The types of @postkit/example-platforms (the code is plain ESM, run by Node without a build).
import type { Clock, Connection, Provider, TokenSet, TokenStore } from "@postkit/core";
import type { InstagramLogin } from "@postkit/meta";
import type {
  EmulatorHub,
  EmulatorServer,
  MetaEmulator,
  TikTokEmulator,
  YouTubeEmulator,
} from "@postkit/testing";
import type { TikTok, TikTokCreatorInfo, TikTokPrivacyLevel } from "@postkit/tiktok";
import type { YouTube, YouTubePrivacyStatus } from "@postkit/youtube";

/** The four platforms of the examples. */
export type PlatformKey = "tiktok" | "youtube" | "facebook" | "instagram";

/** `tiktok`, `youtube`, `facebook`, `instagram`, in that order. */
export declare const PLATFORM_KEYS: readonly PlatformKey[];

/** An app id and secret from the environment. */
export interface AppCredentials {
  id: string;
  secret: string;
}

/** What `readEnv` found. */
export interface ExampleEnv {
  /** Per app, its credentials when both variables are set. */
  credentials: {
    tiktok: AppCredentials | undefined;
    youtube: AppCredentials | undefined;
    meta: AppCredentials | undefined;
    instagramLogin: AppCredentials | undefined;
  };
  /** `POSTKIT_PUBLIC_URL` without a trailing slash, or `DEFAULT_PUBLIC_URL`. */
  publicUrl: string;
  /** Whether `POSTKIT_PUBLIC_URL` was set. */
  publicUrlFromEnv: boolean;
  /** Mistakes in the variables (half a credential pair, a bad URL), one sentence each. */
  problems: string[];
}

/** Reads the examples' environment variables (see the repository's `.env.example`). */
export declare function readEnv(env: Record<string, string | undefined>): ExampleEnv;

/** `http://localhost:8787`, the public URL when `POSTKIT_PUBLIC_URL` is not set. */
export declare const DEFAULT_PUBLIC_URL: string;

/** What the examples ask the user before publishing a video, for every platform at once. */
export interface VideoOptionsInput {
  /** The caption or title. */
  title: string;
  /** A longer text (YouTube description; Facebook and Instagram use it over `title`). */
  description?: string | undefined;
  /** The video's duration in seconds (postkit does not parse videos). */
  durationSec: number;
  /** TikTok: to the creator's inbox (`draft`, the default) or posted (`direct`). */
  tiktokMode?: "draft" | "direct" | undefined;
  /** TikTok direct posts: the creator info just shown to the user (`tiktok.getCreatorInfo`). */
  creatorInfo?: TikTokCreatorInfo | undefined;
  /** TikTok direct posts: the privacy level the user picked, one of the creator's options (no default). */
  privacyLevel?: TikTokPrivacyLevel | undefined;
  /** YouTube privacy. @default "private" */
  youtubePrivacy?: YouTubePrivacyStatus | undefined;
  /** Facebook Reel: posted, or kept as a draft. @default "published" */
  facebookState?: "published" | "draft" | undefined;
}

/** One platform of the examples. */
export interface ExamplePlatform {
  /** `tiktok`, `youtube`, `facebook` or `instagram`. */
  key: PlatformKey;
  /** `TikTok`, `YouTube`, `Facebook Page`, `Instagram`. */
  name: string;
  /** The postkit provider (Facebook and Instagram: a `Meta` client each, through Facebook Login). */
  provider: Provider;
  /** The scopes to ask for. */
  scopes: string[];
  /** `${publicUrl}/callback/<key>`: register it in the platform's developer portal. */
  redirectUri: string;
  /** It runs on the embedded emulator (no credentials in the environment). */
  emulated: boolean;
  /** The environment variables that make it real. */
  variables: string;
  /** This platform's account among those a login returned (a Facebook login returns Pages and Instagram accounts). */
  pickAccount(accounts: readonly Connection[]): Connection | undefined;
  /** The video options of `provider.publishVideo` for this platform. Throws a `ValidationError` for a TikTok direct post without creator info or privacy level. */
  videoOptions(input: VideoOptionsInput): unknown;
  /** Options of `provider.waitForPublish`: quick polls on the emulator, the platform's pace otherwise. */
  waitOptions(): { timeoutMs: number; clock?: Clock };
}

/** The embedded emulators, on one loopback server. */
export interface ExampleEmulators {
  hub: EmulatorHub;
  server: EmulatorServer;
  tiktok: TikTokEmulator;
  youtube: YouTubeEmulator;
  meta: MetaEmulator;
}

/** Options of `createExamplePlatforms`. */
export interface ExamplePlatformsOptions {
  /** The environment. @default process.env */
  env?: Record<string, string | undefined> | undefined;
  /** Where the app serves `/callback/<platform>`. @default POSTKIT_PUBLIC_URL, else `DEFAULT_PUBLIC_URL` */
  publicUrl?: string | undefined;
  /** What the emulators' consent pages do: redirect at once (`approve`, `deny`) or render a page. @default "approve" */
  consent?: "approve" | "deny" | "page" | undefined;
  /** Where the providers keep tokens (a `FileTokenStore`, a SQLite store…). */
  tokenStore?: TokenStore | undefined;
  /** Receives renewed tokens of connections that carry plain tokens (TikTok, YouTube, Instagram Login). */
  onTokens?: ((tokens: TokenSet, credentialKey: string) => void | Promise<void>) | undefined;
  /** Where the emulators listen. @default "127.0.0.1" and a free port */
  emulatorHost?: string | undefined;
  emulatorPort?: number | undefined;
  /** Where notices go (the platforms on emulators, configuration mistakes). @default console.log */
  log?: ((line: string) => void) | undefined;
}

/** What `createExamplePlatforms` built. */
export interface ExamplePlatforms {
  /** TikTok, YouTube, Facebook Page, Instagram. */
  platforms: ExamplePlatform[];
  /** One of them; throws for an unknown key. */
  get(key: string): ExamplePlatform;
  /** The typed clients, for platform-specific calls (TikTok's creator info…). */
  clients: { tiktok: TikTok; youtube: YouTube; instagramLogin: InstagramLogin };
  /**
   * Instagram Login (`INSTAGRAM_APP_ID`, `INSTAGRAM_APP_SECRET`): an Instagram account without a
   * Facebook Page. It publishes by public URL only (Meta documents byte uploads for Facebook
   * Login), so the examples' `instagram` platform uses Facebook Login.
   */
  instagramLogin: { provider: InstagramLogin; scopes: string[]; redirectUri: string; emulated: boolean };
  /** The emulators, when any platform runs on them. */
  emulators: ExampleEmulators | undefined;
  /** The public URL the redirect URIs are built on. */
  publicUrl: string;
  /** Configuration mistakes found in the environment. */
  problems: string[];
  /** Stops the emulators' server. */
  close(): Promise<void>;
}

/** Builds the four platforms, starting the emulators for those without credentials (and saying so). */
export declare function createExamplePlatforms(options?: ExamplePlatformsOptions): Promise<ExamplePlatforms>;

/**
 * Answers an emulator's consent page (`approve` by default) and returns the callback URL it
 * redirects to, for `provider.connect`. Works in the `approve` and `page` consent modes.
 */
export declare function approveConsent(
  url: string | URL,
  options?: { fetch?: typeof fetch; decision?: "approve" | "deny" },
): Promise<string>;

/** The bundled sample video. */
export interface SampleVideo {
  /** Absolute path of the MP4. */
  path: string;
  /** `video/mp4`. */
  type: "video/mp4";
  /** 3 seconds. */
  durationSec: number;
}

/** A 3-second 9:16 MP4 of about 6 KB, valid for every platform's rules. */
export declare const SAMPLE_VIDEO: SampleVideo;
