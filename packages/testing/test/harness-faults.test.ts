// Fault injection through hub.fetch (the loopback and msw specifics are in their own files).
import { ConnectionDrop, createEmulatorHub } from "@postkit/testing";
import { describe, expect, it } from "vitest";
import { AcmeEmulator, countingBody, type Echo } from "./harness-fixture.js";

function setup() {
  const acme = new AcmeEmulator();
  return { acme, hub: createEmulatorHub(acme) };
}

const ECHO = "https://api.acme.test/echo";

describe("faults", () => {
  it("answers with status, Retry-After and a JSON body instead of the emulator", async () => {
    const { hub, acme } = setup();
    hub.faults.add({
      path: "/echo",
      status: 429,
      retryAfterSeconds: 7,
      body: { error: { code: "rate_limited" } },
    });
    expect(hub.faults.pending()).toBe(1);
    const response = await hub.fetch(ECHO);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("7");
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(await response.json()).toEqual({ error: { code: "rate_limited" } });
    expect(acme.calls).toBe(0);
    expect(hub.faults.pending()).toBe(0);
    expect(hub.log.entries()).toMatchObject([{ status: 429, outcome: "response", fault: true }]);

    const next = await hub.fetch(ECHO);
    expect(next.status).toBe(200);
    expect(acme.calls).toBe(1);
    expect(hub.log.entries()[1]).toMatchObject({ status: 200, fault: false });
  });

  it("sends a string body as text and custom headers", async () => {
    const { hub } = setup();
    hub.faults.add({ status: 503, body: "upstream down", headers: { "x-fault": "yes" } });
    const response = await hub.fetch(ECHO);
    expect(response.status).toBe(503);
    expect(response.headers.get("content-type")).toContain("text/plain");
    expect(response.headers.get("x-fault")).toBe("yes");
    expect(await response.text()).toBe("upstream down");
  });

  it("skips `after` matching requests, then fires `times` times", async () => {
    const { hub } = setup();
    hub.faults.add({ method: "get", path: "/echo", after: 1, times: 2, status: 500 });
    const statuses: number[] = [];
    for (let i = 0; i < 2; i++) statuses.push((await hub.fetch(ECHO)).status);
    // A request that does not match the rule is not counted.
    statuses.push((await hub.fetch("https://api.acme.test/echo/other")).status);
    for (let i = 0; i < 2; i++) statuses.push((await hub.fetch(ECHO)).status);
    expect(statuses).toEqual([200, 500, 200, 500, 200]);
    expect(hub.faults.pending()).toBe(0);
  });

  it("keeps an Infinity rule until cleared", async () => {
    const { hub } = setup();
    hub.faults.add({ role: "api", times: Number.POSITIVE_INFINITY, status: 502 });
    for (let i = 0; i < 3; i++) expect((await hub.fetch(ECHO)).status).toBe(502);
    expect(hub.faults.pending()).toBe(1);
    hub.faults.clear();
    expect(hub.faults.pending()).toBe(0);
    expect((await hub.fetch(ECHO)).status).toBe(200);
  });

  it("filters by platform, role, method and a RegExp path", async () => {
    const { hub } = setup();
    hub.faults.add({ platform: "other", status: 500 });
    hub.faults.add({ role: "media", status: 501 });
    hub.faults.add({ method: "POST", status: 502 });
    hub.faults.add({ path: /^\/echo\/\d+$/g, status: 503, times: 2 });
    expect((await hub.fetch(ECHO)).status).toBe(200);
    expect((await hub.fetch("https://api.acme.test/echo/abc")).status).toBe(200);
    expect((await hub.fetch("https://api.acme.test/echo/12")).status).toBe(503);
    // The /g flag must not make the second test() fail.
    expect((await hub.fetch("https://api.acme.test/echo/34")).status).toBe(503);
    expect((await hub.fetch("https://api.acme.test/media/echo")).status).toBe(501);
    expect((await hub.fetch(ECHO, { method: "POST", body: "x" })).status).toBe(502);
    expect(hub.faults.pending()).toBe(1);
  });

  it("lets the first ready rule fire when several match", async () => {
    const { hub } = setup();
    hub.faults.add({ path: "/echo", status: 500 });
    hub.faults.add({ path: "/echo", after: 1, status: 429 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await hub.fetch(ECHO)).status);
    expect(statuses).toEqual([500, 429, 200]);
  });

  it("delays and then lets the emulator answer, or applies the other effects", async () => {
    const { hub, acme } = setup();
    hub.faults.add({ path: "/echo", delayMs: 1000 });
    // Ordering, not timing: a request sent after the delayed one, with no fault, finishes first,
    // and the emulator has not seen the delayed one by then.
    const finished: string[] = [];
    const delayed = hub.fetch(ECHO).then((response) => {
      finished.push("delayed");
      return response;
    });
    await hub.fetch(`${ECHO}/plain`).then(() => finished.push("plain"));
    expect(acme.calls).toBe(1);
    const slow = await delayed;
    expect(finished).toEqual(["plain", "delayed"]);
    expect(slow.status).toBe(200);
    expect(((await slow.json()) as Echo).path).toBe("/echo");
    expect(acme.calls).toBe(2);
    expect(hub.log.entries()).toMatchObject([
      { path: "/echo/plain", fault: false },
      { path: "/echo", status: 200, fault: false },
    ]);

    hub.faults.add({ path: "/echo", delayMs: 10, status: 504 });
    expect((await hub.fetch(ECHO)).status).toBe(504);
  });

  it("adds headers and Retry-After to the emulator's response when there is no status", async () => {
    const { hub } = setup();
    hub.faults.add({ path: "/redirect", headers: { "x-ratelimit-remaining": "0" }, retryAfterSeconds: 3 });
    const response = await hub.fetch("https://api.acme.test/redirect");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("https://api.acme.test/echo?from=redirect");
    expect(response.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(response.headers.get("retry-after")).toBe("3");
  });

  it("drops before the response: fetch fails, the emulator is not called", async () => {
    const { hub, acme } = setup();
    hub.faults.add({ path: "/echo", drop: "before-response" });
    const error = await hub.fetch(ECHO).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe("fetch failed");
    expect((error as TypeError).cause).toBeInstanceOf(ConnectionDrop);
    expect(acme.calls).toBe(0);
    expect(hub.log.entries()).toMatchObject([{ outcome: "dropped", status: undefined, fault: true }]);
  });

  it("drops mid-body: part of the body is consumed, the emulator never sees it", async () => {
    const { hub, acme } = setup();
    hub.faults.add({ role: "upload", method: "PUT", drop: "mid-body" });
    const body = countingBody(16, 64 * 1024);
    const failed = hub.fetch("https://upload.acme.test/v1/files/f1", {
      method: "PUT",
      body: body.stream,
      duplex: "half",
    } as RequestInit);
    await expect(failed).rejects.toThrow("fetch failed");
    expect(body.pulled()).toBeGreaterThan(0);
    expect(body.pulled()).toBeLessThan(16 * 64 * 1024);
    expect(acme.calls).toBe(0);
    expect(acme.files.has("f1")).toBe(false);

    const retried = await hub.fetch("https://upload.acme.test/v1/files/f1", { method: "PUT", body: "whole" });
    expect(retried.status).toBe(201);
    expect(acme.files.get("f1")?.size).toBe(5);
  });

  it("rejects contradictory or out-of-range rules", () => {
    const { hub } = setup();
    expect(() => hub.faults.add({ body: "x" })).toThrow(/needs a status/);
    expect(() => hub.faults.add({ status: 700 })).toThrow(RangeError);
    expect(() => hub.faults.add({ status: 204, body: "x" })).toThrow(TypeError);
    expect(() => hub.faults.add({ status: 500, drop: "mid-body" })).toThrow(TypeError);
    expect(() => hub.faults.add({ times: 0, status: 500 })).toThrow(RangeError);
    expect(() => hub.faults.add({ after: -1, status: 500 })).toThrow(RangeError);
    expect(hub.faults.pending()).toBe(0);
  });
});
