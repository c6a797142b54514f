// msw transport: the global fetch of the test process reaches the emulators on their real hosts.
import { createEmulatorHub } from "@postkit/testing";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AcmeEmulator, type Echo } from "./harness-fixture.js";

const acme = new AcmeEmulator();
const hub = createEmulatorHub(acme);
const server = setupServer(...hub.mswHandlers());

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  hub.faults.clear();
  hub.log.clear();
  acme.consentMode = "approve";
});
afterAll(() => server.close());

describe("msw handlers", () => {
  it("route the real hosts to the emulator with urlFor on the real hosts", async () => {
    const response = await fetch("https://api.acme.test/echo?x=1");
    expect(response.status).toBe(200);
    const echo = (await response.json()) as Echo;
    expect(echo).toMatchObject({ role: "api", path: "/echo", query: { x: "1" } });
    expect(echo.url).toBe("https://api.acme.test/echo?x=1");
    expect(echo.uploadUrl).toBe("https://upload.acme.test/v1/files/next?part=1");
    expect(hub.log.count({ platform: "acme", role: "api", path: "/echo" })).toBe(1);
  });

  it("let the longest base win", async () => {
    const echo = (await (await fetch("https://api.acme.test/media/echo")).json()) as Echo;
    expect(echo).toMatchObject({ role: "media", path: "/echo" });
  });

  it("deliver a request body and return 3xx as the emulator made it", async () => {
    const upload = await fetch("https://upload.acme.test/v1/files/m1", { method: "PUT", body: "hello msw" });
    expect(upload.status).toBe(201);
    expect(acme.files.get("m1")?.bytes()).toEqual(new TextEncoder().encode("hello msw"));

    const manual = await fetch("https://api.acme.test/redirect", { redirect: "manual" });
    expect(manual.status).toBe(302);
    expect(manual.headers.get("location")).toBe("https://api.acme.test/echo?from=redirect");
  });

  it("apply status faults", async () => {
    hub.faults.add({
      platform: "acme",
      path: "/echo",
      status: 503,
      retryAfterSeconds: 2,
      body: { busy: true },
    });
    const response = await fetch("https://api.acme.test/echo");
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("2");
    expect(await response.json()).toEqual({ busy: true });
    expect(hub.log.entries()).toMatchObject([{ status: 503, fault: true }]);
  });

  it("turn a drop fault and an emulator drop into a network error", async () => {
    hub.faults.add({ path: "/echo", drop: "before-response" });
    await expect(fetch("https://api.acme.test/echo")).rejects.toThrow(TypeError);
    await expect(fetch("https://api.acme.test/drop")).rejects.toThrow(TypeError);
    expect(hub.log.entries()).toMatchObject([
      { path: "/echo", outcome: "dropped", fault: true },
      { path: "/drop", outcome: "dropped", fault: false },
    ]);
  });

  it("serve the consent redirect with a code and the state", async () => {
    const authorize =
      "https://auth.acme.test/authorize?client_id=app&scope=a&state=s1&redirect_uri=https%3A%2F%2Fapi.acme.test%2Fcallback";
    const response = await fetch(authorize, { redirect: "manual" });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location")!);
    expect(location.pathname).toBe("/callback");
    expect(location.searchParams.get("state")).toBe("s1");
    expect(location.searchParams.get("code")).toMatch(/^code\.s3cr3t-/);
  });

  it("leave other hosts to onUnhandledRequest", async () => {
    await expect(fetch("https://unrelated.example/echo")).rejects.toThrow();
    expect(hub.log.count()).toBe(0);
  });
});
