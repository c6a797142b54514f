// Per-call overhead: each SDK's profile call against a bare fetch of the same request.
import { median, runClient, startEmulatorServer } from "./lib.mjs";

export const CALL_CASES = [
  { id: "tiktok", label: "@postkit/tiktok getProfile", platform: "tiktok", client: "tiktok" },
  {
    id: "youtube",
    label: "@postkit/youtube getProfile (channels.list)",
    platform: "youtube",
    client: "youtube",
  },
  { id: "meta", label: "@postkit/meta getProfile (Page)", platform: "meta", client: "meta" },
];

export async function benchCalls({ transport, runs, calls, tls, log }) {
  const server = await startEmulatorServer(transport === "https" ? tls : undefined);
  const env = transport === "https" ? { NODE_EXTRA_CA_CERTS: tls.cert } : {};
  const rows = [];
  try {
    for (const c of CALL_CASES) {
      const base = { app: server[c.platform], baseUrls: server.baseUrls[c.platform] };
      const { requests } = await runClient(c.client, { ...base, mode: "capture" }, env);
      if (requests.length !== 1) throw new Error(`${c.id}: one call sent ${requests.length} requests`);
      const sdk = [];
      const bare = [];
      const kyAlone = [];
      for (let run = 0; run < runs; run++) {
        sdk.push(await runClient(c.client, { ...base, mode: "calls", calls }, env));
        bare.push(await runClient("bare-fetch", { request: requests[0], calls }, env));
        kyAlone.push(await runClient("ky-alone", { request: requests[0], calls }, env));
        await server.clearLog();
        log(`  ${transport} calls run ${run + 1} ${c.id}`);
      }
      for (const phase of ["sequential", "concurrent"]) {
        const perCall = (results, key) => median(results.map((r) => (r[phase][key] * 1000) / r[phase].calls));
        const row = {
          transport,
          id: c.id,
          label: c.label,
          phase,
          calls: sdk[0][phase].calls,
          runs,
          request: `${requests[0].method} ${new URL(requests[0].url).pathname}`,
          sdk: { wallUs: perCall(sdk, "wallMs"), cpuUs: perCall(sdk, "cpuMs") },
          bare: { wallUs: perCall(bare, "wallMs"), cpuUs: perCall(bare, "cpuMs") },
          ky: { wallUs: perCall(kyAlone, "wallMs"), cpuUs: perCall(kyAlone, "cpuMs") },
        };
        row.ratio = { wall: row.sdk.wallUs / row.bare.wallUs, cpu: row.sdk.cpuUs / row.bare.cpuUs };
        row.kyRatio = { wall: row.ky.wallUs / row.bare.wallUs, cpu: row.ky.cpuUs / row.bare.cpuUs };
        rows.push(row);
      }
    }
  } finally {
    await server.close();
  }
  return rows;
}
