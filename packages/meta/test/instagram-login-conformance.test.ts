// The provider contract's promises, run against InstagramLogin and the Meta emulator. The kit skips
// by itself what the manifest rules out (publishVideo, resumeUpload, revoke, listVideos) and says
// why; the skips here are Instagram's platform rules.
import { describeConformance } from "@postkit/testing/conformance";
import { instagramLoginConformance } from "./instagram-login-conformance-adapter.js";

describeConformance(instagramLoginConformance, {
  skip: {
    "credentials.renew-once":
      "Meta cannot refresh an expired Instagram token (REAUTH_REQUIRED at once, no request)",
    "credentials.refused-token":
      "Instagram refreshes a token with itself, so a token Meta refuses cannot be renewed (REAUTH_REQUIRED, no request)",
  },
});
