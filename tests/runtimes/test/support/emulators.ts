// The emulators a runtime's flows run against: a fresh hub on the loopback server, TikTok's upload
// host made to require Content-Length as TikTok does (the emulators themselves accept bodies
// without one, for hub.fetch), and a small control server through which the flows inject faults
// and switch the consent page, since the hub lives in this process and the flows in another.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  createEmulatorHub,
  createMetaEmulator,
  createTikTokEmulator,
  createYouTubeEmulator,
  type EmulatorContext,
  type EmulatorServer,
  type FaultRule,
  mintSecret,
  type PlatformEmulator,
} from "@postkit/testing";

/** Answers TikTok chunk PUTs without Content-Length with 411, as TikTok documents the header as required. */
class RequiresContentLength implements PlatformEmulator {
  readonly platform: string;
  readonly defaultBaseUrls: Readonly<Record<string, string>>;
  /** Every chunk PUT's Content-Length (null when it came without one). */
  readonly chunkLengths: (string | null)[] = [];

  constructor(private readonly inner: PlatformEmulator) {
    this.platform = inner.platform;
    this.defaultBaseUrls = inner.defaultBaseUrls;
  }

  handle(request: Request, context: EmulatorContext): Promise<Response> {
    if (context.role === "upload" && request.method === "PUT") {
      const length = request.headers.get("content-length");
      this.chunkLengths.push(length);
      if (length === null) return Promise.resolve(new Response("Content-Length required", { status: 411 }));
    }
    return this.inner.handle(request, context);
  }
}

export interface RunningEmulators {
  /** What the flows get: base URLs, the apps' credentials, the control URL. */
  config: Record<string, unknown>;
  /** The Content-Length of every TikTok chunk PUT. */
  tiktokChunkLengths: (string | null)[];
  /** Requests answered, per platform. */
  requests(): Record<string, number>;
  close(): Promise<void>;
}

export async function startEmulators(): Promise<RunningEmulators> {
  const tiktokOptions: { consent?: "approve" | "deny" } = {};
  const youtubeOptions = {
    consent: "approve" as "approve" | "deny",
    clients: [
      {
        clientId: "postkit-runtimes.apps.googleusercontent.com",
        clientSecret: mintSecret("GOCSPX-"),
        redirectUris: ["https://app.example/callback/youtube"],
      },
    ],
  };
  const tiktokEmulator = createTikTokEmulator(tiktokOptions);
  const tiktok = new RequiresContentLength(tiktokEmulator);
  const youtube = createYouTubeEmulator(youtubeOptions);
  const meta = createMetaEmulator();
  const hub = createEmulatorHub(tiktok, youtube, meta);
  const server: EmulatorServer = await hub.listen();
  const consentOf = { tiktok: tiktokOptions, youtube: youtubeOptions };
  const control: Server = createServer((request, response) => {
    let text = "";
    request.on("data", (part: Buffer) => {
      text += part.toString();
    });
    request.on("end", () => {
      try {
        const body = JSON.parse(text || "{}") as Record<string, unknown>;
        if (request.url === "/fault") hub.faults.add(body as unknown as FaultRule);
        else if (request.url === "/clear") hub.faults.clear();
        else if (request.url === "/consent") {
          consentOf[body.platform as "tiktok" | "youtube"].consent = body.mode as "approve" | "deny";
        } else {
          response.writeHead(404).end();
          return;
        }
        response.writeHead(204).end();
      } catch (error) {
        response.writeHead(400).end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => control.listen(0, "127.0.0.1", resolve));
  const { port } = control.address() as AddressInfo;
  return {
    config: {
      baseUrls: server.baseUrls,
      tiktok: { clientKey: tiktokEmulator.clientKey, clientSecret: tiktokEmulator.clientSecret },
      youtube: { clientId: youtube.client.clientId, clientSecret: youtube.client.clientSecret },
      meta: { clientId: meta.clientId, clientSecret: meta.clientSecret },
      control: `http://127.0.0.1:${port}`,
    },
    tiktokChunkLengths: tiktok.chunkLengths,
    requests: () => ({
      tiktok: hub.log.count({ platform: "tiktok" }),
      youtube: hub.log.count({ platform: "youtube" }),
      meta: hub.log.count({ platform: "meta" }),
    }),
    async close() {
      await new Promise<void>((resolve) => control.close(() => resolve()));
      await server.close();
    },
  };
}
