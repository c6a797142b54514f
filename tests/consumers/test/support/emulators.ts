// Starts serve-emulators (compiled in the consumer project, on the installed @postkit/testing)
// and gives the quick starts the environment the README's code reads: the apps' credentials, plus
// the loopback server's base URLs.
import type { Consumer, LongRunning, Resolution } from "./consumer.js";

interface Started {
  baseUrls: Record<string, Record<string, string>>;
  tiktok: { clientKey: string; clientSecret: string };
  youtube: { clientId: string; clientSecret: string };
  meta: { clientId: string; clientSecret: string };
}

export interface RunningEmulators {
  env: Record<string, string>;
  process: LongRunning;
}

export async function startEmulators(consumer: Consumer, resolution: Resolution): Promise<RunningEmulators> {
  const process = consumer.start(resolution, "serve-emulators");
  const started = JSON.parse(await process.firstLine) as Started;
  return {
    process,
    env: {
      POSTKIT_EMULATOR_BASE_URLS: JSON.stringify(started.baseUrls),
      TIKTOK_CLIENT_KEY: started.tiktok.clientKey,
      TIKTOK_CLIENT_SECRET: started.tiktok.clientSecret,
      GOOGLE_CLIENT_ID: started.youtube.clientId,
      GOOGLE_CLIENT_SECRET: started.youtube.clientSecret,
      META_APP_ID: started.meta.clientId,
      META_APP_SECRET: started.meta.clientSecret,
    },
  };
}
