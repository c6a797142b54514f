import { ErrorCode, isPostkitError } from "@postkit/core";
import { describe, expect, it } from "vitest";
import { clientFor, login, setup, TRANSPORTS } from "./support.js";

const DEBUG = { platform: "meta", role: "graph", path: "/v25.0/debug_token" };

describe.each(TRANSPORTS)("debug_token over %s", (transport) => {
  it("connect reports the user token's validity and expiry; inspectToken says a Page's token is a PAGE token", async () => {
    const { hub, meta } = setup(transport, { declined: ["publish_video"] });
    const fetcher = transport === "msw" ? fetch : hub.fetch;
    const { result } = await login(meta, fetcher, ["pages_show_list", "publish_video"]);
    expect(result.token).toMatchObject({
      type: "USER",
      isValid: true,
      scopes: ["public_profile", "pages_show_list"],
    });
    expect(result.token.expiresAt).toBeGreaterThan(Date.now() + 59 * 24 * 3600 * 1000);
    expect(result.token.dataAccessExpiresAt).toBeGreaterThan(Date.now());
    expect(result.declinedScopes).toEqual(["publish_video"]);
    const page = await meta.inspectToken(result.accounts[0]!);
    expect(page).toMatchObject({ type: "PAGE", isValid: true, expiresAt: undefined });
  });
});

describe("debug_token", () => {
  it("a revoked token is reported invalid; the app token and the inspected token never reach an error", async () => {
    const { emulator, hub, meta } = setup("fetch");
    const { result } = await login(meta, hub.fetch, ["pages_show_list"]);
    const connection = result.accounts[0]!;
    emulator.invalidate(connection.credentials.accessToken);
    expect((await meta.inspectToken(connection)).isValid).toBe(false);
    // A client with the wrong app secret: Meta refuses the app token (190), redacted.
    const wrong = clientFor(emulator, { fetch: hub.fetch, clientSecret: `${emulator.clientSecret}x` });
    hub.log.clear();
    const error = await wrong.inspectToken(connection).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(isPostkitError(error, ErrorCode.ACCESS_TOKEN_INVALID)).toBe(true);
    const text = JSON.stringify(error) + String((error as Error).stack);
    expect(text).not.toContain(emulator.clientSecret);
    expect(text).not.toContain(connection.credentials.accessToken);
    expect(hub.log.count(DEBUG)).toBe(1);
  });
});
