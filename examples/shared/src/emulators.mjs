// @ts-check
// The embedded emulators (@postkit/testing) on a loopback server, for every platform without
// credentials. Each emulator registers the app's own redirect URIs, so a browser approving on a
// consent page comes back to the app's callback, as it would on the real platform.
import {
  createEmulatorHub,
  createMetaEmulator,
  createTikTokEmulator,
  createYouTubeEmulator,
  mintSecret,
} from "@postkit/testing";

/** The emulated Google OAuth client's id (any registered id would do). */
const YOUTUBE_CLIENT_ID = "postkit-example.apps.googleusercontent.com";

/**
 * @param {{
 *   redirectUris: Record<"tiktok" | "youtube" | "facebook" | "instagram" | "instagramLogin", string>;
 *   consent: "approve" | "deny" | "page";
 *   host?: string | undefined;
 *   port?: number | undefined;
 * }} options
 * @returns {Promise<import("./index.d.mts").ExampleEmulators>}
 */
export async function startEmulators({ redirectUris, consent, host, port }) {
  const tiktok = createTikTokEmulator({ redirectUris: [redirectUris.tiktok], consent });
  const youtube = createYouTubeEmulator({
    clients: [
      {
        clientId: YOUTUBE_CLIENT_ID,
        clientSecret: mintSecret("GOCSPX-"),
        redirectUris: [redirectUris.youtube],
      },
    ],
    consent,
  });
  const meta = createMetaEmulator({
    redirectUris: [redirectUris.facebook, redirectUris.instagram],
    consent,
    instagramLogin: { redirectUris: [redirectUris.instagramLogin] },
    // Meta's containers take a while to process a video; the emulator's choice here (a second)
    // keeps the examples quick while still showing the IN_PROGRESS → FINISHED wait.
    instagramPublishing: { containerPlan: () => ({ readyAfterMs: 1_000 }) },
  });
  const hub = createEmulatorHub(tiktok, youtube, meta);
  const server = await hub.listen({ host: host ?? "127.0.0.1", port: port ?? 0 });
  return { hub, server, tiktok, youtube, meta };
}
