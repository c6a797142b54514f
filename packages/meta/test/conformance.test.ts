// The provider contract's promises (@postkit/testing/conformance), run against the Meta client with
// a Facebook Page of the Meta emulator. The kit skips by itself what does not apply and says why:
// Meta has no refresh (renewal "none"), no revoke in this release, and no resync signal (its
// uploads learn the server's offset by asking). Page and Instagram specifics have their own tests.
import { describeConformance } from "@postkit/testing/conformance";
import { metaConformance } from "./conformance-adapter.js";

describeConformance(metaConformance);
