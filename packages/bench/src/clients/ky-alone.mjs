// A second per-call baseline: ky by itself (the HTTP library postkit's pipeline is built on) sending
// the SDK's captured request, reading the JSON body, with retries off. What ky costs over a bare
// fetch is the floor of postkit's per-call overhead. ky is resolved from @postkit/core's own
// dependencies, so this is the very copy postkit runs.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { callPhases, input, measure } from "./measure.mjs";

const core = createRequire(fileURLToPath(import.meta.resolve("@postkit/core")));
const { default: ky } = await import(core.resolve("ky"));
const { url, method, headers } = input.request;
const call = () => ky(url, { method, headers, retry: 0 }).json();
await measure(() => callPhases(call, input.calls));
