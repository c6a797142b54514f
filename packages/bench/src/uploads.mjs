// Upload throughput, CPU and peak RSS of each client against the raw PUT of the same chunk plan.
import { closeSync, openSync, ftruncateSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { planTikTokChunks } from "@postkit/tiktok";
import { DEFAULT_CHUNK_SIZE } from "@postkit/youtube";
import { GiB, MiB, median, runClient, startEmulatorServer } from "./lib.mjs";

/** The chunks [start, end) of TikTok's default plan: whole chunks, the remainder merged into the last. */
function tiktokChunks(size) {
  const plan = planTikTokChunks(size);
  return Array.from({ length: plan.totalChunkCount }, (_, i) => ({
    start: i * plan.chunkSize,
    end: i === plan.totalChunkCount - 1 ? size : (i + 1) * plan.chunkSize,
  }));
}

/** YouTube's default plan: DEFAULT_CHUNK_SIZE chunks, a shorter last one. */
function youtubeChunks(size) {
  const chunks = [];
  for (let start = 0; start < size; start += DEFAULT_CHUNK_SIZE)
    chunks.push({ start, end: Math.min(size, start + DEFAULT_CHUNK_SIZE) });
  return chunks;
}

/** One request with the whole file: YouTube's mode "single", Meta's Page videos and Reels. */
const wholeFile = (size) => [{ start: 0, end: size }];

/**
 * Each case: a client process and the raw baseline it is compared with. `chunkBytes` is the
 * SDK's chunk size (for the "raw + two chunks" RSS target), 0 for single-request uploads.
 * Meta's two uploads each send the file in one streamed request (the Resumable Upload API's
 * `file_offset` 0, the rupload host's `offset` 0); only a resumed upload sends more than one.
 */
export const UPLOAD_CASES = [
  {
    id: "tiktok",
    label: "@postkit/tiktok publishVideo (10 MB chunks)",
    platform: "tiktok",
    client: "tiktok",
    baseline: "raw-tiktok",
  },
  { id: "raw-tiktok", label: "raw PUT, TikTok plan", platform: "tiktok", client: "raw-put" },
  {
    id: "youtube",
    label: "@postkit/youtube uploadVideo (default chunks)",
    platform: "youtube",
    client: "youtube",
    baseline: "raw-youtube",
  },
  { id: "raw-youtube", label: "raw PUT, YouTube chunk plan", platform: "youtube", client: "raw-put" },
  {
    id: "youtube-single",
    label: '@postkit/youtube uploadVideo mode: "single"',
    platform: "youtube",
    client: "youtube",
    single: true,
    baseline: "raw-youtube-single",
  },
  {
    id: "raw-youtube-single",
    label: "raw PUT, YouTube single request",
    platform: "youtube",
    client: "raw-put",
    single: true,
  },
  {
    id: "googleapis",
    label: "@googleapis/youtube videos.insert (multipart)",
    platform: "youtube",
    client: "googleapis",
    baseline: "raw-youtube-single",
  },
  {
    id: "meta-video",
    label: '@postkit/meta publishVideo kind: "video" (Page, Resumable Upload API)',
    platform: "meta",
    client: "meta",
    metaKind: "video",
    baseline: "raw-meta-video",
  },
  {
    id: "raw-meta-video",
    label: "raw POST, Meta upload session (file_offset 0)",
    platform: "meta",
    client: "raw-put",
    metaKind: "video",
  },
  {
    id: "meta-reel",
    label: '@postkit/meta publishVideo kind: "reel" (Page Reel, rupload)',
    platform: "meta",
    client: "meta",
    metaKind: "reel",
    baseline: "raw-meta-reel",
  },
  {
    id: "raw-meta-reel",
    label: "raw POST, Meta rupload (offset 0, file_size)",
    platform: "meta",
    client: "raw-put",
    metaKind: "reel",
  },
];

/** Meta's uploads and their baselines: one streamed request each, the RSS target of issue #9. */
export const META_CASES = ["meta-video", "raw-meta-video", "meta-reel", "raw-meta-reel"];

/** The default-chunk uploads and their baselines: the cases the RSS-flatness target is about. */
export const DEFAULT_CHUNK_CASES = ["tiktok", "raw-tiktok", "youtube", "raw-youtube"];

/**
 * The most bytes two consecutive chunks of `chunks` hold: what the engine may have in memory at
 * once (the chunk on the wire and the one read ahead). TikTok's plan merges the remainder into
 * its last chunk, so its largest pair is one chunk plus that longer last one.
 */
export function largestPair(chunks) {
  let most = chunks[0].end - chunks[0].start;
  for (let i = 1; i < chunks.length; i++) {
    most = Math.max(most, chunks[i].end - chunks[i - 1].start);
  }
  return most;
}

export function chunkBytes(id) {
  if (id === "tiktok") return 10_000_000;
  if (id === "youtube") return DEFAULT_CHUNK_SIZE;
  return 0;
}

function sparseFile(dir, size) {
  const path = join(dir, `video-${size}.mp4`);
  const fd = openSync(path, "w");
  try {
    ftruncateSync(fd, size);
  } finally {
    closeSync(fd);
  }
  return path;
}

/**
 * Runs every case at every size over `transport` ("http" or "https"), `runs` times each, the
 * cases interleaved within a run. Returns rows with per-run samples and medians.
 */
export async function benchUploads({ transport, sizes, runs, tls, log, casesFor = () => UPLOAD_CASES }) {
  const server = await startEmulatorServer(transport === "https" ? tls : undefined);
  const env = transport === "https" ? { NODE_EXTRA_CA_CERTS: tls.cert } : {};
  const dir = mkdtempSync(join(tmpdir(), "postkit-bench-"));
  const rows = [];
  try {
    for (const size of sizes) {
      const cases = casesFor(size);
      if (cases.length === 0) continue;
      const file = sparseFile(dir, size);
      const samples = Object.fromEntries(cases.map((c) => [c.id, []]));
      const plan = (c) =>
        c.platform === "tiktok"
          ? tiktokChunks(size)
          : c.platform === "meta"
            ? wholeFile(size)
            : youtubeChunks(size);
      for (let run = 0; run < runs; run++) {
        for (const c of cases) {
          const chunks = plan(c);
          const input = {
            mode: "upload",
            platform: c.platform,
            file,
            size,
            single: c.single ?? false,
            metaKind: c.metaKind,
            chunks,
            chunkSize: c.platform === "tiktok" ? planTikTokChunks(size).chunkSize : DEFAULT_CHUNK_SIZE,
            app: server[c.platform],
            baseUrls: server.baseUrls[c.platform],
          };
          const serverCpu0 = await server.cpuUs();
          const result = await runClient(c.client, input, env);
          const serverCpuUs = (await server.cpuUs()) - serverCpu0;
          const received = await server.lastUpload(c.platform);
          if (!received || received.size !== size || !received.complete) {
            throw new Error(`${c.id} ${size} B: the emulator received ${JSON.stringify(received)}`);
          }
          samples[c.id].push({
            mibPerS: size / MiB / (result.wallMs / 1000),
            cpuSPerGiB: result.cpuMs / 1000 / (size / GiB),
            peakRssMiB: result.peakRssMiB,
            heapTotalMiB: result.heapTotalMiB,
            liveHeapMiB: result.liveHeapMiB,
            serverCpuSPerGiB: serverCpuUs / 1e6 / (size / GiB),
          });
          log(
            `  ${transport} ${size / MiB} MiB run ${run + 1} ${c.id}: ${(size / MiB / (result.wallMs / 1000)).toFixed(0)} MiB/s, ${result.peakRssMiB.toFixed(0)} MiB RSS`,
          );
        }
      }
      rmSync(file, { force: true });
      for (const c of cases) {
        const s = samples[c.id];
        rows.push({
          transport,
          size,
          id: c.id,
          label: c.label,
          baseline: c.baseline,
          chunkBytes: chunkBytes(c.id),
          // The "raw + two chunks" memory budget of a default-chunk upload at this size.
          twoChunksBytes: chunkBytes(c.id) > 0 ? largestPair(plan(c)) : 0,
          runs: s.length,
          samples: s,
          mibPerS: median(s.map((x) => x.mibPerS)),
          cpuSPerGiB: median(s.map((x) => x.cpuSPerGiB)),
          peakRssMiB: median(s.map((x) => x.peakRssMiB)),
          heapTotalMiB: median(s.map((x) => x.heapTotalMiB)),
          liveHeapMiB: median(s.map((x) => x.liveHeapMiB)),
          serverCpuSPerGiB: median(s.map((x) => x.serverCpuSPerGiB)),
        });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await server.close();
  }
  for (const row of rows) {
    const base = rows.find(
      (r) => r.transport === row.transport && r.size === row.size && r.id === row.baseline,
    );
    row.vsBaseline = base
      ? {
          throughput: row.mibPerS / base.mibPerS,
          cpu: row.cpuSPerGiB / base.cpuSPerGiB,
          rssDeltaMiB: row.peakRssMiB - base.peakRssMiB,
        }
      : undefined;
  }
  return rows;
}
