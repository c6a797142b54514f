// The Meta emulator's Page publishing and rupload host on their own, through the hub's fetch with
// raw requests: the strict checks (Page token, offsets, file_size, finish before every byte).
import { describe, expect, it } from "vitest";
import { createEmulatorHub } from "@postkit/testing";
import { createMetaEmulator } from "../src/meta/index.js";

const GRAPH = "https://graph.facebook.com/v25.0";
const RUPLOAD = "https://rupload.facebook.com";

function setup() {
  const emulator = createMetaEmulator({ retainBytes: 1024 });
  const hub = createEmulatorHub(emulator);
  const page = emulator.pages[0]!;
  const other = emulator.pages[1]!;
  const scopes = ["pages_show_list", "pages_manage_posts", "pages_read_engagement", "publish_video"];
  const pageToken = emulator.issuePageToken(page.id, scopes);
  const otherToken = emulator.issuePageToken(other.id, scopes);
  const userToken = emulator.issueUserToken(scopes);
  const post = (path: string, token: string, form: Record<string, string>) =>
    hub.fetch(`${GRAPH}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form).toString(),
    });
  const bytes = (
    url: string,
    token: string | undefined,
    offset: number,
    fileSize: number,
    body: Uint8Array,
  ) =>
    hub.fetch(url, {
      method: "POST",
      headers: {
        ...(token ? { authorization: `OAuth ${token}` } : {}),
        offset: String(offset),
        file_size: String(fileSize),
      },
      body: body as Uint8Array<ArrayBuffer>,
    });
  return { emulator, hub, page, pageToken, otherToken, userToken, post, bytes };
}

/** The answers' fields these tests read. */
interface Answer {
  id?: string;
  h?: string;
  error?: { code: number; error_subcode?: number; is_transient?: boolean };
  debug_info?: { retriable: boolean; type: string };
  [key: string]: unknown;
}

const json = async (response: Response) => ({
  status: response.status,
  body: (await response.json()) as Answer,
});

describe("Meta emulator: Page publishing", () => {
  it("a post needs the Page's own token: a user token is 190/2069032, another Page's token 200", async () => {
    const { page, userToken, otherToken, pageToken, post, emulator } = setup();
    const user = await json(await post(`/${page.id}/feed`, userToken, { message: "hi" }));
    expect(user.body.error).toMatchObject({ code: 190, error_subcode: 2069032 });
    const other = await json(await post(`/${page.id}/feed`, otherToken, { message: "hi" }));
    expect(other.body.error).toMatchObject({ code: 200 });
    const ok = await json(await post(`/${page.id}/feed`, pageToken, { message: "hi" }));
    expect(ok.body.id).toMatch(new RegExp(`^${page.id}_`));
    expect(emulator.pagePosts()).toHaveLength(1);
  });

  it("scheduling needs published=false and a time 10 minutes to 30 days ahead", async () => {
    const { page, pageToken, post } = setup();
    const now = Math.floor(Date.now() / 1000);
    const cases: Array<[Record<string, string>, number | undefined]> = [
      [{ message: "x", scheduled_publish_time: String(now + 3600) }, 100],
      [{ message: "x", published: "false", scheduled_publish_time: String(now + 300) }, 100],
      [{ message: "x", published: "false", scheduled_publish_time: String(now + 31 * 86400) }, 100],
      [{ message: "x", published: "false", scheduled_publish_time: String(now + 3600) }, undefined],
    ];
    for (const [form, code] of cases) {
      const answer = await json(await post(`/${page.id}/feed`, pageToken, form));
      expect(answer.body.error?.code).toBe(code);
    }
  });

  it("a Reel's bytes: OAuth header, offsets that match, one file_size; finish only after every byte", async () => {
    const { hub, page, pageToken, otherToken, post, bytes, emulator } = setup();
    const start = await json(await post(`/${page.id}/video_reels`, pageToken, { upload_phase: "start" }));
    const { video_id: id, upload_url: url } = start.body as { video_id: string; upload_url: string };
    expect(url).toBe(`${RUPLOAD}/video-upload/v25.0/${id}`);
    const data = Uint8Array.from({ length: 100 }, (_, i) => i);
    const finish = () =>
      post(`/${page.id}/video_reels`, pageToken, {
        upload_phase: "finish",
        video_id: id,
        video_state: "PUBLISHED",
      });

    expect((await json(await bytes(url, undefined, 0, 100, data))).body.debug_info).toMatchObject({
      retriable: false,
      type: "ProcessingFailedError",
    });
    expect((await json(await bytes(url, otherToken, 0, 100, data))).body.debug_info?.retriable).toBe(false);
    // 40 bytes arrive: a partial body is retriable and kept.
    expect(
      (await json(await bytes(url, pageToken, 0, 100, data.subarray(0, 40)))).body.debug_info?.retriable,
    ).toBe(true);
    expect((await json(await finish())).body.error).toMatchObject({ code: 100 });
    // Wrong offset, changed file_size, a body past file_size.
    expect(
      (await json(await bytes(url, pageToken, 0, 100, data.subarray(40)))).body.debug_info?.retriable,
    ).toBe(false);
    expect(
      (await json(await bytes(url, pageToken, 40, 101, data.subarray(40)))).body.debug_info?.retriable,
    ).toBe(false);
    const status = await json(
      await hub.fetch(`${GRAPH}/${id}?fields=status`, { headers: { authorization: `Bearer ${pageToken}` } }),
    );
    expect(status.body).toMatchObject({
      status: { uploading_phase: { status: "in_progress", bytes_transferred: 40 } },
    });
    expect((await json(await bytes(url, pageToken, 40, 100, data.subarray(40)))).body).toEqual({
      success: true,
    });
    expect(emulator.uploadedBytes(id)).toMatchObject({ size: 100, complete: true });
    expect(emulator.uploadedBytes(id)!.bytes()).toEqual(data);
    expect((await json(await finish())).body).toEqual({ success: true });
    expect((await json(await finish())).body.error).toMatchObject({ code: 100 });
  });

  it("the Resumable Upload API: file_offset must match, GET says the offset, the handle publishes once", async () => {
    const { emulator, hub, page, pageToken, post } = setup();
    const start = await json(
      await hub.fetch(
        `${GRAPH}/${emulator.clientId}/uploads?file_name=a.mp4&file_length=10&file_type=video/mp4`,
        { method: "POST", headers: { authorization: `Bearer ${pageToken}` } },
      ),
    );
    const session = String(start.body.id);
    expect(session).toMatch(/^upload:[^?]+\?sig=/);
    const send = (offset: number, body: Uint8Array) =>
      hub.fetch(`${GRAPH}/${session}`, {
        method: "POST",
        headers: { authorization: `OAuth ${pageToken}`, file_offset: String(offset) },
        body: body as Uint8Array<ArrayBuffer>,
      });
    expect((await json(await send(0, new Uint8Array(4)))).body.error).toMatchObject({
      code: 100,
      is_transient: true,
    });
    expect((await json(await send(0, new Uint8Array(6)))).body.error).toMatchObject({
      code: 100,
      is_transient: false,
    });
    const offset = await json(
      await hub.fetch(`${GRAPH}/${session}`, { headers: { authorization: `OAuth ${pageToken}` } }),
    );
    expect(offset.body).toEqual({ id: session, file_offset: 4 });
    const done = await json(await send(4, new Uint8Array(6)));
    expect(done.body.h).toMatch(/^2:/);
    const video = await json(
      await post(`/${page.id}/videos`, pageToken, {
        fbuploader_video_file_chunk: String(done.body.h),
        title: "t",
      }),
    );
    expect(video.body.id).toBeDefined();
    expect(emulator.uploadedBytes(String(video.body.id))).toMatchObject({ size: 10 });
  });
});
