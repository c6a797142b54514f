// The request log: one entry per request on every transport, and never a secret in clear.
import { REDACTED } from "@postkit/core";
import { createEmulatorHub } from "@postkit/testing";
import { describe, expect, it } from "vitest";
import { AcmeEmulator } from "./harness-fixture.js";

function setup() {
  const acme = new AcmeEmulator();
  return { acme, hub: createEmulatorHub(acme) };
}

describe("request log", () => {
  it("records platform, role, method, path, query, status, outcome and time", async () => {
    const { hub } = setup();
    const before = Date.now();
    await hub.fetch("https://api.acme.test/media/echo?page=2", { method: "get" });
    const after = Date.now();
    const [entry] = hub.log.entries();
    expect(entry).toEqual({
      platform: "acme",
      role: "media",
      method: "GET",
      path: "/echo",
      query: { page: "2" },
      status: 200,
      outcome: "response",
      fault: false,
      at: expect.any(Number),
    });
    expect(entry!.at).toBeGreaterThanOrEqual(before);
    expect(entry!.at).toBeLessThanOrEqual(after);
  });

  it("redacts secret query values, marked secrets and never stores headers or bodies", async () => {
    const { hub } = setup();
    await hub.fetch(
      "https://api.acme.test/echo/tok-s3cr3t-1?access_token=abc-s3cr3t&code=c0de-value&keep=1&note=my-s3cr3t-note",
      {
        method: "POST",
        headers: { authorization: "Bearer bearer-s3cr3t" },
        body: "client_secret=body-s3cr3t",
      },
    );
    await hub.fetch("https://upload.acme.test/v1/echo?upload_token=u-s3cr3t&token=t-s3cr3t&refresh_token=r");
    const [first, second] = hub.log.entries();
    expect(first!.query).toEqual({ access_token: REDACTED, code: REDACTED, keep: "1", note: REDACTED });
    expect(first!.path).toBe(`/echo/${REDACTED}`);
    expect(second!.query).toEqual({ upload_token: REDACTED, token: REDACTED, refresh_token: REDACTED });
    const dump = JSON.stringify(hub.log.entries());
    for (const secret of ["s3cr3t", "abc-", "c0de-value", "bearer", "body-"])
      expect(dump).not.toContain(secret);
  });

  it("counts with filters and hands out snapshots", async () => {
    const { hub } = setup();
    await hub.fetch("https://api.acme.test/echo");
    await hub.fetch("https://api.acme.test/echo", { method: "POST", body: "x" });
    await hub.fetch("https://api.acme.test/media/echo");
    await hub.fetch("https://auth.acme.test/authorize?state=1");
    expect(hub.log.count()).toBe(4);
    expect(hub.log.count({ role: "api" })).toBe(2);
    expect(hub.log.count({ role: "api", method: "post" })).toBe(1);
    expect(hub.log.count({ path: "/echo" })).toBe(3);
    expect(hub.log.count({ platform: "acme", role: "auth", path: "/authorize", method: "GET" })).toBe(1);
    expect(hub.log.count({ platform: "other" })).toBe(0);

    const snapshot = hub.log.entries();
    hub.log.clear();
    expect(snapshot).toHaveLength(4);
    expect(hub.log.entries()).toEqual([]);
    expect(Object.isFrozen(snapshot[0])).toBe(true);
  });

  it("logs loopback requests the same way, once each", async () => {
    const { hub } = setup();
    const server = await hub.listen();
    try {
      await fetch(`${server.baseUrls.acme!.api}/echo?access_token=abc-s3cr3t`);
      await fetch(`${server.baseUrls.acme!.api}/redirect`, { redirect: "manual" });
      expect(hub.log.entries()).toMatchObject([
        { role: "api", path: "/echo", query: { access_token: REDACTED }, status: 200 },
        { role: "api", path: "/redirect", status: 302 },
      ]);
      expect(JSON.stringify(hub.log.entries())).not.toContain("s3cr3t");
    } finally {
      await server.close();
    }
  });
});
