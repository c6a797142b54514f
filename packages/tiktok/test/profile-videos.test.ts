import { ErrorCode, iteratePages, ScopeError, ValidationError } from "@postkit/core";
import { afterAll, afterEach, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import type { TikTokVideo } from "../src/index.js";
import { defaults, type Setup, setup, TRANSPORTS } from "./helpers.js";

let env: Setup;
afterEach(async () => env?.close());

describe.each(TRANSPORTS)("via %s", (transport) => {
  beforeAll(() => {
    defaults.transport = transport;
  });
  afterAll(() => {
    defaults.transport = "fetch";
  });

  describe("profile", () => {
    it("returns exactly the requested fields, typed by the request", async () => {
      env = await setup();
      const tokens = env.connection(["user.info.basic", "user.info.stats"]);
      const info = await env.tiktok.getUserInfo(tokens, { fields: ["display_name", "follower_count"] });
      expect(info).toEqual({ display_name: "Emulated Creator", follower_count: 1234 });
      expectTypeOf(info).toEqualTypeOf<{ display_name: string; follower_count: number }>();
      // @ts-expect-error not requested, so not claimed
      info.username;
    });

    it("refuses a field whose scope was not granted, naming the scope, before any request", async () => {
      env = await setup();
      const tokens = env.connection(["user.info.basic"]);
      const error = await env.tiktok
        .getUserInfo(tokens, { fields: ["open_id", "bio_description", "likes_count"] })
        .catch((caught: unknown) => caught);
      expect(ScopeError.isInstance(error)).toBe(true);
      expect((error as ScopeError).missing).toEqual(["user.info.profile", "user.info.stats"]);
      expect((error as ScopeError).message).toContain("user.info.profile");
      expect(env.hub.log.count({ path: "/v2/user/info/" })).toBe(0);
      // @ts-expect-error not a user info field
      await expect(env.tiktok.getUserInfo(tokens, { fields: ["email"] })).rejects.toSatisfy(
        ValidationError.isInstance,
      );
    });

    it("getProfile reads only what the granted scopes allow", async () => {
      env = await setup();
      const basic = await env.tiktok.getProfile(env.connection(["user.info.basic"]));
      expect(basic).toMatchObject({
        platform: "tiktok",
        id: env.emulator.user.open_id,
        displayName: "Emulated Creator",
      });
      expect(basic.username).toBeUndefined();
      expect(basic.stats).toBeUndefined();
      const full = await env.tiktok.getProfile(
        env.connection(["user.info.basic", "user.info.profile", "user.info.stats"]),
      );
      expect(full).toMatchObject({
        username: "emulated.creator",
        isVerified: false,
        profileUrl: env.emulator.user.profile_deep_link,
        stats: { followerCount: 1234, followingCount: 56, likesCount: 78910, videoCount: 25 },
      });
      await expect(env.tiktok.getProfile(env.connection(["video.list"]))).rejects.toMatchObject({
        code: ErrorCode.MISSING_SCOPES,
        missing: ["user.info.basic"],
      });
    });

    it("getProfile tolerates fields TikTok leaves out; getUserInfo does not", async () => {
      env = await setup();
      const tokens = env.connection(["user.info.basic", "user.info.profile", "user.info.stats"]);
      const sparse = {
        data: { user: { open_id: "open-1", display_name: "Sparse", username: "sparse", follower_count: 3 } },
        error: { code: "ok", message: "", log_id: "2026" },
      };
      const path = "/v2/user/info/";
      env.hub.faults.add({ platform: "tiktok", path, status: 200, body: sparse, times: 2 });
      const profile = await env.tiktok.getProfile(tokens);
      expect(profile).toMatchObject({
        id: "open-1",
        displayName: "Sparse",
        unionId: "",
        avatarUrl: "",
        avatarUrl100: "",
        avatarLargeUrl: "",
        username: "sparse",
      });
      expect(profile.bio).toBeUndefined();
      expect(profile.isVerified).toBeUndefined();
      expect(profile.stats).toBeUndefined(); // three counts missing: no made-up zeros
      await expect(env.tiktok.getUserInfo(tokens, { fields: ["open_id", "union_id"] })).rejects.toMatchObject(
        {
          code: ErrorCode.UNEXPECTED_RESPONSE,
        },
      );
      // The id is the one field the profile cannot do without.
      env.hub.faults.clear();
      env.hub.faults.add({
        platform: "tiktok",
        path,
        status: 200,
        body: { ...sparse, data: { user: { display_name: "No id" } } },
      });
      await expect(env.tiktok.getProfile(tokens)).rejects.toMatchObject({
        code: ErrorCode.UNEXPECTED_RESPONSE,
      });
    });

    it("maps a server-side scope refusal to a typed error (token scopes out of date)", async () => {
      env = await setup();
      const connection = env.connection(["user.info.basic"]);
      const tokens = {
        ...connection,
        credentials: { ...connection.credentials, scopes: ["user.info.basic", "user.info.stats"] },
      };
      await expect(env.tiktok.getUserInfo(tokens, { fields: ["follower_count"] })).rejects.toMatchObject({
        platformCode: "scope_permission_missed",
        code: ErrorCode.MISSING_SCOPES,
        retryable: false,
      });
    });
  });

  describe("videos", () => {
    it("pages with a cursor, at most 20 a page, and iterates every video", async () => {
      env = await setup();
      const tokens = env.connection(["video.list"]);
      const first = await env.tiktok.listVideos(tokens, { fields: ["id", "title", "create_time"] });
      expect(first.items).toHaveLength(20);
      expect(first.nextCursor).toBe(String(first.items[19]!.create_time! * 1000));
      const second = await env.tiktok.listVideos(tokens, { cursor: first.nextCursor, pageSize: 20 });
      expect(second.items).toHaveLength(5);
      expect(second.nextCursor).toBeUndefined();
      const all: TikTokVideo[] = [];
      for await (const video of iteratePages((cursor) => env!.tiktok.listVideos(tokens, { cursor })))
        all.push(video);
      expect(all.map((video) => video.id)).toEqual(env.emulator.videos.map((video) => video.id));
      expect(all[0]!.id).toMatch(/^\d{19}$/);
      expect(typeof all[0]!.id).toBe("string");
      await expect(env.tiktok.listVideos(tokens, { pageSize: 21 })).rejects.toSatisfy(
        ValidationError.isInstance,
      );
    });

    it("queries up to 20 ids as strings", async () => {
      env = await setup();
      const tokens = env.connection(["video.list"]);
      const ids = env.emulator.videos.slice(0, 3).map((video) => video.id);
      const found = await env.tiktok.queryVideos(tokens, ids, { fields: ["id", "cover_image_url"] });
      expect(found.map((video) => video.id)).toEqual(ids);
      expect(found[0]!.cover_image_url).toContain(ids[0]);
      const tooMany = Array.from({ length: 21 }, (_, i) => String(7_000_000_000_000_000_000n + BigInt(i)));
      await expect(env.tiktok.queryVideos(tokens, tooMany)).rejects.toSatisfy(ValidationError.isInstance);
      await expect(env.tiktok.queryVideos(env.connection(["user.info.basic"]), ids)).rejects.toSatisfy(
        ScopeError.isInstance,
      );
      expect(env.hub.log.count({ path: "/v2/video/query/" })).toBe(1);
    });
  });
});
