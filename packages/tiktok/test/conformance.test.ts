// The provider contract's promises (@postkit/testing/conformance), run against TikTok and its
// emulator. TikTok-specific behaviour (creator info, post options, chunk plans, the limiter) has
// its own tests next to this one.
import { describeConformance } from "@postkit/testing/conformance";
import { tiktokConformance } from "./conformance-adapter.js";

describeConformance(tiktokConformance);
