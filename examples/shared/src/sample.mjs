// @ts-check
// The bundled sample: a 3-second 160×284 (9:16) H.264/AAC MP4 of about 6 KB, made once with
// ffmpeg's test pattern (see README.md). Three seconds is Instagram's shortest Reel.
import { fileURLToPath } from "node:url";

/** @type {import("./index.d.mts").SampleVideo} */
export const SAMPLE_VIDEO = Object.freeze({
  path: fileURLToPath(new URL("../media/sample.mp4", import.meta.url)),
  type: "video/mp4",
  durationSec: 3,
});
