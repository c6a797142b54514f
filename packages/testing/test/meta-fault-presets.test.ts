// hub.faults.preset on the Meta emulator: each preset answered in Meta's shapes (Graph's error
// envelope, rupload's debug_info, video status phases, container status codes).
import { describe, expect, it } from "vitest";
import { createClock, createEmulatorHub } from "../src/index.js";
import { createMetaEmulator } from "../src/meta/index.js";

const FB = "https://graph.facebook.com/v25.0";
const IG = "https://graph.instagram.com/v25.0";
const SCOPES = [
  "pages_show_list",
  "pages_manage_posts",
  "publish_video",
  "instagram_basic",
  "instagram_content_publish",
  "pages_read_engagement",
];

/** A Graph answer as these tests read it. */
interface GraphBody {
  id?: string;
  h?: string;
  video_id?: string;
  upload_url?: string;
  status_code?: string;
  status?:
    | { video_status: string; processing_phase: { status: string; error?: { message: string } } }
    | string;
  error?: { code: number; error_subcode?: number; type: string; fbtrace_id: string; is_transient: boolean };
  debug_info?: { retriable: boolean; message: string };
}

function meta() {
  const emulator = createMetaEmulator({ clock: createClock(Date.UTC(2026, 0, 1)) });
  const hub = createEmulatorHub(emulator);
  const page = emulator.pages[0]!;
  const igId = page.instagram!.id;
  const pageToken = emulator.issuePageToken(page.id, SCOPES);
  const userToken = emulator.issueUserToken(SCOPES);
  const call = async (
    method: "GET" | "POST",
    url: string,
    params: Record<string, string>,
    token = pageToken,
  ) => {
    const response = await hub.fetch(method === "GET" ? `${url}?${new URLSearchParams(params)}` : url, {
      method,
      headers: { authorization: `Bearer ${token}` },
      ...(method === "POST" ? { body: new URLSearchParams(params) } : {}),
    });
    return { response, body: (await response.json()) as GraphBody };
  };
  const accounts = () => call("GET", `${FB}/me/accounts`, { fields: "id,name" }, userToken);
  const containerStatus = async (id: string) =>
    (await call("GET", `${FB}/${id}`, { fields: "status_code,status" })).body;
  /** A Page video through the Resumable Upload API: session, bytes, then `/videos` with the handle. */
  const openSession = async () => {
    // The Resumable Upload API takes its parameters in the query.
    const query = new URLSearchParams({ file_name: "a.mp4", file_length: "8", file_type: "video/mp4" });
    const { id } = (await call("POST", `${FB}/${emulator.clientId}/uploads?${query}`, {})).body;
    expect(id).toMatch(/^upload:[^?]+\?sig=/);
    return id!;
  };
  const sendSession = (session: string) =>
    hub.fetch(`${FB}/${session}`, {
      method: "POST",
      headers: { authorization: `OAuth ${pageToken}`, file_offset: "0" },
      body: new Uint8Array(8),
    });
  const videoStatus = async (id: string) =>
    (await call("GET", `${FB}/${id}`, { fields: "status" })).body.status as {
      video_status: string;
      processing_phase: { status: string; error?: { message: string } };
    };
  return {
    emulator,
    hub,
    page,
    igId,
    pageToken,
    call,
    accounts,
    containerStatus,
    openSession,
    sendSession,
    videoStatus,
  };
}

describe("fault presets on the Meta emulator", () => {
  it("lost-write: media_publish and a Page post take effect, and their answers never arrive", async () => {
    const { hub, call, igId, page, emulator } = meta();
    const { id } = (await call("POST", `${FB}/${igId}/media`, { image_url: "https://cdn.example/a.jpg" }))
      .body;
    hub.faults.preset("lost-write");
    await expect(call("POST", `${FB}/${igId}/media_publish`, { creation_id: id! })).rejects.toThrow(
      TypeError,
    );
    expect(emulator.instagramContainer(id!)?.statusCode).toBe("PUBLISHED");
    // The client's blind retry is refused: the container was published once.
    const again = await call("POST", `${FB}/${igId}/media_publish`, { creation_id: id! });
    expect(again.body.error?.code).toBe(100);
    expect(emulator.instagramMedia(igId)).toHaveLength(1);

    hub.faults.preset("lost-write");
    await expect(call("POST", `${FB}/${page.id}/feed`, { message: "hi" })).rejects.toThrow(TypeError);
    expect(emulator.pagePosts()).toHaveLength(1);
  });

  it("late-processing-failure: a Page video reports processing, then video_status error", async () => {
    const { hub, call, page, openSession, sendSession, videoStatus } = meta();
    hub.faults.preset("late-processing-failure", { after: 2 });
    const session = await openSession();
    const { h } = (await (await sendSession(session)).json()) as GraphBody;
    expect(h).toBeTruthy();
    const posted = await call("POST", `${FB}/${page.id}/videos`, { fbuploader_video_file_chunk: h! });
    expect(posted.body.error).toBeUndefined();
    const { id } = posted.body;
    expect((await videoStatus(id!)).video_status).toBe("processing");
    expect((await videoStatus(id!)).video_status).toBe("processing");
    const failed = await videoStatus(id!);
    expect(failed.video_status).toBe("error");
    expect(failed.processing_phase.status).toBe("error");
    expect(failed.processing_phase.error?.message).toMatch(/processed/);
  });

  it("late-processing-failure: a container reports IN_PROGRESS, then ERROR, and cannot be published", async () => {
    const { hub, call, igId, containerStatus } = meta();
    hub.faults.preset("late-processing-failure", { after: 1 });
    const { id } = (await call("POST", `${FB}/${igId}/media`, { image_url: "https://cdn.example/a.jpg" }))
      .body;
    expect((await containerStatus(id!)).status_code).toBe("IN_PROGRESS");
    const failed = await containerStatus(id!);
    expect(failed.status_code).toBe("ERROR");
    expect(failed.status).toMatch(/2207082/);
    const publish = await call("POST", `${FB}/${igId}/media_publish`, { creation_id: id! });
    expect(publish.body.error?.code).toBe(9007);
  });

  it("token-revoked: after the given calls every token gets 190/460, Instagram Login's included", async () => {
    const { hub, accounts, call, emulator } = meta();
    const igToken = emulator.issueInstagramToken();
    hub.faults.preset("token-revoked", { after: 1 });
    expect((await accounts()).response.status).toBe(200);
    const revoked = await accounts();
    expect(revoked.response.status).toBe(400);
    expect(revoked.body.error).toMatchObject({ code: 190, error_subcode: 460, type: "OAuthException" });
    expect(revoked.body.error?.fbtrace_id).toBeTruthy();
    const ig = await call("GET", `${IG}/me`, { fields: "user_id" }, igToken);
    expect(ig.body.error?.code).toBe(190);
  });

  it("upload-url-expired: the next rupload request gets a non-retriable debug_info error", async () => {
    const { hub, call, page, pageToken } = meta();
    const { upload_url } = (await call("POST", `${FB}/${page.id}/video_reels`, { upload_phase: "start" }))
      .body;
    hub.faults.preset("upload-url-expired", { after: 1 });
    const send = (offset: number) =>
      hub.fetch(upload_url!, {
        method: "POST",
        headers: { authorization: `OAuth ${pageToken}`, offset: String(offset), file_size: "20" },
        body: new Uint8Array(10),
      });
    const partial = (await (await send(0)).json()) as GraphBody;
    expect(partial.debug_info?.retriable).toBe(true);
    const expired = await send(10);
    expect(expired.status).toBe(400);
    const body = (await expired.json()) as GraphBody;
    expect(body.debug_info).toMatchObject({ retriable: false, message: expect.stringMatching(/expired/) });
  });

  it("upload-url-expired: a Resumable Upload API session stops taking bytes", async () => {
    const { hub, openSession, sendSession } = meta();
    const session = await openSession();
    hub.faults.preset("upload-url-expired");
    const response = await sendSession(session);
    expect(response.status).toBe(400);
    expect(((await response.json()) as GraphBody).error?.code).toBe(100);
  });

  it("throttle, with and without Retry-After: Graph's code 4 with X-App-Usage at 100%", async () => {
    const { hub, accounts } = meta();
    hub.faults.preset("throttle", { retryAfterSeconds: 7 });
    const limited = await accounts();
    expect(limited.response.status).toBe(400);
    expect(limited.response.headers.get("retry-after")).toBe("7");
    expect(JSON.parse(limited.response.headers.get("x-app-usage")!)).toMatchObject({ call_count: 100 });
    expect(limited.body.error).toMatchObject({ code: 4, is_transient: true });
    hub.faults.preset("throttle-without-retry-after", { times: 2 });
    for (let i = 0; i < 2; i++) {
      const bare = await accounts();
      expect(bare.body.error?.code).toBe(4);
      expect(bare.response.headers.get("retry-after")).toBeNull();
    }
    expect((await accounts()).response.status).toBe(200);
  });
});
