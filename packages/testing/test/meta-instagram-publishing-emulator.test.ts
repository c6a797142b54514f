// The Meta emulator's Instagram publishing on its own, with raw requests through the hub's fetch:
// containers and their status progression (per-container ready times, ERROR, EXPIRED),
// media_publish refusals (not ready, a second publish, the quota), the limit endpoint, both hosts,
// and a publish whose answer is lost after it took effect.
import { createClock, createEmulatorHub } from "@postkit/testing";
import { describe, expect, it } from "vitest";
import { createMetaEmulator, type MetaEmulatorOptions } from "../src/meta/index.js";

const V = "v25.0";
const FB = `https://graph.facebook.com/${V}`;
const IG = `https://graph.instagram.com/${V}`;
const PUBLISH_SCOPES = [
  "pages_show_list",
  "instagram_basic",
  "instagram_content_publish",
  "pages_read_engagement",
];

function setup(options: MetaEmulatorOptions = {}) {
  const clock = createClock(Date.UTC(2026, 0, 1));
  const emulator = createMetaEmulator({ clock, ...options });
  const hub = createEmulatorHub(emulator);
  const page = emulator.pages[0]!;
  const igId = page.instagram!.id;
  const token = emulator.issuePageToken(page.id, PUBLISH_SCOPES);
  const call = async (
    method: "GET" | "POST",
    url: string,
    params: Record<string, string>,
    bearer = token,
  ) => {
    const response = await hub.fetch(method === "GET" ? `${url}?${new URLSearchParams(params)}` : url, {
      method,
      headers: { authorization: `Bearer ${bearer}` },
      ...(method === "POST" ? { body: new URLSearchParams(params) } : {}),
    });
    return { status: response.status, body: (await response.json()) as GraphBody };
  };
  const create = (params: Record<string, string>, base = FB, id = igId, bearer = token) =>
    call("POST", `${base}/${id}/media`, params, bearer);
  const status = (id: string, base = FB, bearer = token) =>
    call("GET", `${base}/${id}`, { fields: "id,status_code,status" }, bearer);
  const publish = (creation: string, base = FB, id = igId, bearer = token) =>
    call("POST", `${base}/${id}/media_publish`, { creation_id: creation }, bearer);
  return { clock, emulator, hub, page, igId, token, call, create, status, publish };
}

/** A Graph answer as these tests read it. */
interface GraphBody {
  id: string;
  uri?: string;
  status_code?: string;
  status?: string;
  data: Array<{ quota_usage: number; config?: unknown }>;
  error?: { code: number; error_subcode?: number; message: string };
}

const image = (name: string) => ({ image_url: `https://cdn.example/${name}.jpg` });

describe("Instagram publishing on the Meta emulator", () => {
  it("an image container is FINISHED, publishes once, and a second publish is refused", async () => {
    const { create, status, publish, emulator, igId } = setup();
    const created = await create({ ...image("a"), caption: "Hello #one" });
    expect(created.status).toBe(200);
    const id = created.body.id as string;
    expect((await status(id)).body).toMatchObject({ id, status_code: "FINISHED" });
    const first = await publish(id);
    expect(first.status).toBe(200);
    expect((await status(id)).body.status_code).toBe("PUBLISHED");
    const second = await publish(id);
    expect(second.body.error).toMatchObject({ code: 100 });
    expect(emulator.instagramMedia(igId)).toHaveLength(1);
  });

  it("per-container ready times: IN_PROGRESS until each one's time, media_publish refused with 9007/2207027 before", async () => {
    const { create, status, publish, clock, emulator } = setup();
    emulator.planInstagramContainers((info) => ({ readyAfterMs: [30_000, 5_000][info.sequence] ?? 0 }));
    const slow = (await create({ media_type: "REELS", video_url: "https://cdn.example/a.mp4" })).body
      .id as string;
    const fast = (await create({ media_type: "REELS", video_url: "https://cdn.example/b.mp4" })).body
      .id as string;
    const early = await publish(slow);
    expect(early.body.error).toMatchObject({ code: 9007, error_subcode: 2207027 });
    clock.advance(5_000);
    expect([(await status(slow)).body.status_code, (await status(fast)).body.status_code]).toEqual([
      "IN_PROGRESS",
      "FINISHED",
    ]);
    clock.advance(25_000);
    expect((await status(slow)).body.status_code).toBe("FINISHED");
    expect((await publish(slow)).status).toBe(200);
  });

  it("a carousel needs 2–10 ready carousel items, and becomes one CAROUSEL_ALBUM", async () => {
    const { create, publish, clock, emulator } = setup();
    emulator.planInstagramContainers((info) => ({
      readyAfterMs: info.isCarouselItem && info.sequence === 1 ? 60_000 : 0,
    }));
    const a = (await create({ ...image("a"), is_carousel_item: "true" })).body.id as string;
    const b = (
      await create({ media_type: "VIDEO", video_url: "https://cdn.example/b.mp4", is_carousel_item: "true" })
    ).body.id as string;
    const tooFew = await create({ media_type: "CAROUSEL", children: a });
    expect(tooFew.body.error).toMatchObject({ code: 100, error_subcode: 2207028 });
    const early = await create({ media_type: "CAROUSEL", children: `${a},${b}` });
    expect(early.body.error).toMatchObject({ code: 9007, error_subcode: 2207027 });
    clock.advance(60_000);
    const album = await create({ media_type: "CAROUSEL", children: `${a},${b}`, caption: "Two" });
    expect(album.status).toBe(200);
    expect((await publish(a)).body.error).toMatchObject({ error_subcode: 2207028 });
    expect((await publish(album.body.id)).status).toBe(200);
    expect(emulator.instagramMedia()[0]).toMatchObject({ mediaType: "CAROUSEL_ALBUM", caption: "Two" });
    const caption = await create({ ...image("c"), is_carousel_item: "true", caption: "no" });
    expect(caption.body.error).toMatchObject({ code: 100 });
  });

  it("refuses what Instagram refuses: standalone VIDEO, non-JPEG, local URLs, long captions, bad thumb_offset", async () => {
    const { create } = setup();
    const cases: Array<[Record<string, string>, number, number | undefined]> = [
      [{ media_type: "VIDEO", video_url: "https://cdn.example/v.mp4" }, 100, 2207089],
      [{ image_url: "https://cdn.example/a.png" }, 9004, 2207052],
      [{ image_url: "https://localhost/a.jpg" }, 9004, 2207052],
      [{ ...image("a"), caption: "x".repeat(2201) }, 100, 2207010],
      [{ ...image("a"), caption: Array.from({ length: 31 }, (_, i) => `#h${i}`).join(" ") }, 100, undefined],
      [{ media_type: "REELS", video_url: "https://cdn.example/v.mp4", thumb_offset: "1.5" }, 1, 2207057],
      [{ media_type: "SHORTS", video_url: "https://cdn.example/v.mp4" }, 100, 2207023],
      [{ media_type: "STORIES" }, 100, undefined],
    ];
    for (const [params, code, subcode] of cases) {
      const { body } = await create(params);
      expect(body.error, JSON.stringify(params)).toMatchObject({
        code,
        ...(subcode ? { error_subcode: subcode } : {}),
      });
    }
  });

  it("ERROR carries its status, and an unpublished container EXPIRES after 24 hours", async () => {
    const { create, status, publish, clock, emulator } = setup();
    emulator.planInstagramContainers((info) =>
      info.sequence === 0 ? { outcome: "ERROR", status: "Error: 2207026" } : {},
    );
    const broken = (await create({ media_type: "REELS", video_url: "https://cdn.example/a.mp4" })).body
      .id as string;
    clock.advance(10_000);
    expect((await status(broken)).body).toMatchObject({ status_code: "ERROR", status: "Error: 2207026" });
    const idle = (await create(image("b"))).body.id as string;
    clock.advance(24 * 3600_000);
    expect((await status(idle)).body.status_code).toBe("EXPIRED");
    expect((await publish(idle)).body.error).toMatchObject({ error_subcode: 2207020 });
  });

  it("content_publishing_limit counts API posts over 24 hours; a spent quota is 9/2207042", async () => {
    const { call, create, publish, clock, emulator, igId } = setup({
      instagramPublishing: { quotaTotal: 2 },
    });
    const limit = () =>
      call("GET", `${FB}/${igId}/content_publishing_limit`, { fields: "quota_usage,config" });
    expect((await limit()).body).toEqual({
      data: [{ quota_usage: 0, config: { quota_total: 2, quota_duration: 86400 } }],
    });
    for (const name of ["a", "b"]) await publish((await create(image(name))).body.id);
    expect((await limit()).body.data[0]?.quota_usage).toBe(2);
    const over = await publish((await create(image("c"))).body.id);
    expect(over.body.error).toMatchObject({ code: 9, error_subcode: 2207042 });
    const old = await call("GET", `${FB}/${igId}/content_publishing_limit`, {
      fields: "quota_usage",
      since: String(Math.floor(clock.now() / 1000) - 2 * 86400),
    });
    expect(old.body.error).toMatchObject({ code: 100 });
    clock.advance(86_400_000);
    expect((await limit()).body.data[0]?.quota_usage).toBe(0);
    emulator.useInstagramQuota(igId, 2);
    expect((await limit()).body.data[0]?.quota_usage).toBe(2);
  });

  it("Facebook Login needs the linked Page's token with the publishing permissions", async () => {
    const { emulator, create, page } = setup();
    const other = emulator.issuePageToken(emulator.pages[1]!.id, PUBLISH_SCOPES);
    expect((await create(image("a"), FB, undefined, other)).body.error).toMatchObject({ code: 10 });
    const readOnly = emulator.issuePageToken(page.id, ["instagram_basic"]);
    expect((await create(image("a"), FB, undefined, readOnly)).body.error).toMatchObject({ code: 200 });
  });

  it("Instagram Login publishes on graph.instagram.com with its own token; resumable uploads are refused there", async () => {
    const { emulator, create, publish, status } = setup();
    const token = emulator.issueInstagramToken([
      "instagram_business_basic",
      "instagram_business_content_publish",
    ]);
    const id = emulator.instagramLogin.account.id;
    const created = await create(image("a"), IG, id, token);
    expect(created.status).toBe(200);
    expect((await status(created.body.id, IG, token)).body.status_code).toBe("FINISHED");
    expect((await publish(created.body.id, IG, id, token)).status).toBe(200);
    const resumable = await create({ media_type: "REELS", upload_type: "resumable" }, IG, id, token);
    expect(resumable.body.error).toMatchObject({ code: 100 });
    expect(emulator.instagramMedia(id)).toHaveLength(1);
  });

  it("a resumable container hands out its rupload uri and stays IN_PROGRESS until every byte arrived", async () => {
    const { create, status, clock, hub, token, emulator } = setup({
      instagramPublishing: { containerPlan: () => ({ readyAfterMs: 1_000 }) },
    });
    const created = await create({ media_type: "REELS", upload_type: "resumable" });
    const { id, uri } = created.body as { id: string; uri: string };
    expect(uri).toBe(`https://rupload.facebook.com/ig-api-upload/${V}/${id}`);
    clock.advance(5_000);
    expect((await status(id)).body.status_code).toBe("IN_PROGRESS");
    const bytes = new Uint8Array(1000).fill(7);
    const sent = await hub.fetch(uri, {
      method: "POST",
      headers: { authorization: `OAuth ${token}`, offset: "0", file_size: "1000" },
      body: bytes,
    });
    expect(sent.status).toBe(200);
    expect((await status(id)).body.status_code).toBe("IN_PROGRESS");
    clock.advance(1_000);
    expect((await status(id)).body.status_code).toBe("FINISHED");
    expect(emulator.uploadedBytes(id)?.size).toBe(1000);
  });

  it("a media_publish whose answer is lost (the harness's after-response fault) still published", async () => {
    const { create, publish, status, hub, emulator } = setup();
    const id = (await create(image("a"))).body.id as string;
    hub.faults.add({ platform: "meta", method: "POST", path: /\/media_publish$/, drop: "after-response" });
    await expect(publish(id)).rejects.toThrow();
    expect((await status(id)).body.status_code).toBe("PUBLISHED");
    expect(emulator.instagramMedia()).toHaveLength(1);
  });
});
