// The per-call baseline: the global fetch with the URL, method and headers the SDK sent (captured
// by the SDK's client process), reading the JSON body like a caller would.
import { callPhases, input, measure } from "./measure.mjs";

const { url, method, headers } = input.request;
const call = async () => {
  const response = await fetch(url, { method, headers });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.json();
};
await measure(() => callPhases(call, input.calls));
