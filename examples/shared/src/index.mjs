// @ts-check
// @postkit/example-platforms: what every example shares (see index.d.mts for the types).
export { approveConsent } from "./consent.mjs";
export { DEFAULT_PUBLIC_URL, readEnv } from "./env.mjs";
export { createExamplePlatforms, PLATFORM_KEYS } from "./platforms.mjs";
export { SAMPLE_VIDEO } from "./sample.mjs";
