// The `limiter` option: a limiter shared with other processes replaces the in-process one.
import { describe, expect, it } from "vitest";
import type { TikTokLimiter, TikTokRateLimitBucket } from "../src/index.js";
import { setup } from "./helpers.js";

describe("a shared limiter (the limiter option)", () => {
  it("takes a slot for every attempt of a paced call, and hears when each ended", async () => {
    const calls: Array<{ bucket: TikTokRateLimitBucket; token: string; ended: boolean }> = [];
    const limiter: TikTokLimiter = {
      async reserve(bucket, accessToken) {
        const call = { bucket, token: accessToken, ended: false };
        calls.push(call);
        return () => {
          call.ended = true;
        };
      },
    };
    const env = await setup({ client: { limiter } });
    try {
      const connection = env.connection();
      await env.tiktok.getCreatorInfo(connection);
      // A 503 then the answer: the retry takes a slot of its own.
      env.hub.faults.add({ path: "/v2/user/info/", status: 503 });
      await env.tiktok.getProfile(connection);
      expect(calls.map((call) => call.bucket)).toEqual(["creatorInfo", "userInfo", "userInfo"]);
      expect(calls.every((call) => call.ended && call.token === connection.credentials.accessToken)).toBe(
        true,
      );
    } finally {
      await env.close();
    }
  });

  it("a limiter that refuses stops the call before anything is sent", async () => {
    const limiter: TikTokLimiter = {
      reserve: async () => {
        throw new Error("fleet says no");
      },
    };
    const env = await setup({ client: { limiter } });
    try {
      await expect(env.tiktok.getCreatorInfo(env.connection())).rejects.toThrow("fleet says no");
      expect(env.hub.log.count({ path: "/v2/post/publish/creator_info/query/" })).toBe(0);
    } finally {
      await env.close();
    }
  });
});
