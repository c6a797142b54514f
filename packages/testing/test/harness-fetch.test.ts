// hub.fetch: in-process routing by URL prefix, urlFor on the real hosts, no redirect following,
// emulator errors and drops.
import { ConnectionDrop, createEmulatorHub, type PlatformEmulator } from "@postkit/testing";
import { describe, expect, it } from "vitest";
import { AcmeEmulator, countingBody, type Echo } from "./harness-fixture.js";

function setup() {
  const acme = new AcmeEmulator();
  return { acme, hub: createEmulatorHub(acme) };
}

describe("hub.fetch routing", () => {
  it("routes by base URL and gives the emulator role, path and query", async () => {
    const { hub } = setup();
    const response = await hub.fetch("https://api.acme.test/echo/deep?x=1&y=two");
    expect(response.status).toBe(200);
    const echo = (await response.json()) as Echo;
    expect(echo).toMatchObject({
      role: "api",
      path: "/echo/deep",
      method: "GET",
      query: { x: "1", y: "two" },
    });
    expect(echo.url).toBe("https://api.acme.test/echo/deep?x=1&y=two");
    expect(response.url).toBe("https://api.acme.test/echo/deep?x=1&y=two");
  });

  it("lets the longest base win, on path boundaries only", async () => {
    const { hub } = setup();
    const media = (await (await hub.fetch("https://api.acme.test/media/echo")).json()) as Echo;
    expect(media).toMatchObject({ role: "media", path: "/echo" });
    // The fixture's 404 names the role and path it got.
    const notMedia = await (await hub.fetch("https://api.acme.test/mediaX/echo")).json();
    expect(notMedia).toEqual({ error: { code: "not_found", message: "GET api/mediaX/echo" } });
    const nested = (await (await hub.fetch("https://upload.acme.test/v1/echo")).json()) as Echo;
    expect(nested).toMatchObject({ role: "upload", path: "/echo" });
  });

  it("answers the base URL itself with path /", async () => {
    const { hub } = setup();
    const response = await hub.fetch("https://api.acme.test");
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: "not_found", message: "GET api/" } });
  });

  it("builds urlFor on the real hosts", async () => {
    const { hub } = setup();
    const echo = (await (await hub.fetch("https://api.acme.test/echo")).json()) as Echo;
    expect(echo.uploadUrl).toBe("https://upload.acme.test/v1/files/next?part=1");
    expect(echo.apiBase).toBe("https://api.acme.test");
  });

  it("rejects an unknown URL with a TypeError naming it, secrets redacted", async () => {
    const { hub } = setup();
    const error = await hub
      .fetch("https://nope.acme.test/x?access_token=abc-s3cr3t")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain("https://nope.acme.test/x");
    expect((error as Error).message).not.toContain("s3cr3t");
    // A host that merely starts with a base is not that base.
    await expect(hub.fetch("https://api.acme.test.evil.example/echo")).rejects.toThrow(TypeError);
  });

  it("does not follow redirects", async () => {
    const { hub } = setup();
    const response = await hub.fetch("https://api.acme.test/redirect");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("https://api.acme.test/echo?from=redirect");
    expect(hub.log.count()).toBe(1);
  });

  it("accepts a Request object and streams a request body to the emulator", async () => {
    const { hub, acme } = setup();
    const body = countingBody(8, 64 * 1024);
    const request = new Request("https://upload.acme.test/v1/files/f1", {
      method: "PUT",
      body: body.stream,
      duplex: "half",
    } as RequestInit);
    const response = await hub.fetch(request);
    expect(response.status).toBe(201);
    expect(acme.files.get("f1")?.size).toBe(8 * 64 * 1024);
  });

  it("turns an emulator exception into a 500 with a JSON body, redacted, and logs it", async () => {
    const { hub } = setup();
    const response = await hub.fetch("https://api.acme.test/boom");
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ error: { code: "emulator_error" } });
    expect(text).toContain("kaboom");
    expect(text).not.toContain("s3cr3t");
    const [entry] = hub.log.entries();
    expect(entry).toMatchObject({ status: 500, outcome: "response", fault: false });
    expect(entry?.error).toContain("kaboom");
    expect(entry?.error).not.toContain("s3cr3t");
  });

  it("rejects like a network error when the emulator drops the connection", async () => {
    const { hub } = setup();
    const error = await hub.fetch("https://api.acme.test/drop").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe("fetch failed");
    expect((error as TypeError).cause).toBeInstanceOf(ConnectionDrop);
    expect(hub.log.entries()).toMatchObject([{ outcome: "dropped", status: undefined, fault: false }]);
  });

  it("honours an aborted signal", async () => {
    const { hub } = setup();
    const controller = new AbortController();
    controller.abort();
    await expect(
      hub.fetch("https://api.acme.test/echo", { signal: controller.signal }),
    ).rejects.toMatchObject({
      name: "AbortError",
    });
  });

  it("answers the consent route in approve and deny modes", async () => {
    const { hub, acme } = setup();
    const authorize =
      "https://auth.acme.test/authorize?client_id=app&scope=a,b&state=st1&redirect_uri=https%3A%2F%2Fapp.example%2Fcb";
    const approved = await hub.fetch(authorize);
    expect(approved.status).toBe(302);
    const location = new URL(approved.headers.get("location")!);
    expect(location.origin + location.pathname).toBe("https://app.example/cb");
    expect(location.searchParams.get("code")).toContain("s3cr3t");
    expect(location.searchParams.get("state")).toBe("st1");

    acme.consentMode = "deny";
    const denied = new URL((await hub.fetch(authorize)).headers.get("location")!);
    expect(denied.searchParams.get("error")).toBe("access_denied");
    expect(denied.searchParams.has("code")).toBe(false);
  });
});

describe("createEmulatorHub", () => {
  it("finds emulators by platform and refuses duplicates", () => {
    const acme = new AcmeEmulator();
    const hub = createEmulatorHub(acme);
    expect(hub.emulator<AcmeEmulator>("acme")).toBe(acme);
    expect(hub.emulators).toEqual([acme]);
    expect(() => hub.emulator("tiktok")).toThrow(/No "tiktok" emulator/);
    expect(() => createEmulatorHub(acme, new AcmeEmulator())).toThrow(/Two emulators/);
  });

  it("throws from urlFor for a role the emulator does not have", async () => {
    const odd: PlatformEmulator = {
      platform: "odd",
      defaultBaseUrls: { api: "https://odd.test" },
      async handle(_request, context) {
        return new Response(context.urlFor("nope", "/x"));
      },
    };
    const hub = createEmulatorHub(odd);
    const response = await hub.fetch("https://odd.test/");
    expect(response.status).toBe(500);
    expect(await response.text()).toContain('no role \\"nope\\"');
  });
});
