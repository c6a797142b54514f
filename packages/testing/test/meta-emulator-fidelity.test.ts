// The Meta emulator held to issue #14's standard, with raw HTTP through the hub: repeated OAuth
// parameters refused (RFC 6749 §3.1, §3.2), a missing token answered as Graph answers it (not as
// an expired one), and Graph error envelopes with their fields
// (https://developers.facebook.com/docs/graph-api/guides/error-handling).
import { createEmulatorHub } from "@postkit/testing";
import { describe, expect, it } from "vitest";
import { createMetaEmulator } from "../src/meta/index.js";

const GRAPH = "https://graph.facebook.com/v25.0";

function setup() {
  const emulator = createMetaEmulator();
  return { emulator, hub: createEmulatorHub(emulator) };
}

describe("Meta emulator fidelity", () => {
  it("refuses a Facebook dialog URL with a repeated parameter, and not the same URL without the repeat", async () => {
    const { emulator, hub } = setup();
    const url = new URL("https://www.facebook.com/v25.0/dialog/oauth");
    url.searchParams.set("client_id", emulator.clientId);
    url.searchParams.set("redirect_uri", emulator.redirectUri);
    url.searchParams.set("state", "s1234567890123456");
    url.searchParams.set("scope", "pages_show_list");
    url.searchParams.set("response_type", "code");
    const ok = await hub.fetch(url, { redirect: "manual" });
    expect(ok.status).toBe(302);
    url.searchParams.append("state", "other-state-value");
    const repeated = await hub.fetch(url, { redirect: "manual" });
    expect(repeated.status).toBe(400);
    expect(await repeated.text()).toContain("state");
  });

  it("refuses a code exchange with a repeated parameter as a Graph error, before looking at the code", async () => {
    const { emulator, hub } = setup();
    const url = new URL(`${GRAPH}/oauth/access_token`);
    url.searchParams.set("client_id", emulator.clientId);
    url.searchParams.set("client_secret", emulator.clientSecret);
    url.searchParams.set("redirect_uri", emulator.redirectUri);
    url.searchParams.append("code", "a");
    url.searchParams.append("code", "b");
    const response = await hub.fetch(url);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: number; message: string } };
    expect(body.error.code).toBe(100);
    expect(body.error.message).toContain("code");
    expect(body.error.message).not.toContain("verification code");
  });

  it("refuses an Instagram Login authorize URL and code exchange with a repeated parameter", async () => {
    const { emulator, hub } = setup();
    const ig = emulator.instagramLogin;
    const url = new URL("https://www.instagram.com/oauth/authorize");
    url.searchParams.set("client_id", ig.appId);
    url.searchParams.set("redirect_uri", ig.redirectUri);
    url.searchParams.set("response_type", "code");
    url.searchParams.set("scope", "instagram_business_basic");
    url.searchParams.append("scope", "instagram_business_content_publish");
    const page = await hub.fetch(url, { redirect: "manual" });
    expect(page.status).toBe(400);
    expect(await page.text()).toContain("scope");
    const form = new URLSearchParams({ client_id: ig.appId, client_secret: ig.appSecret });
    form.append("grant_type", "authorization_code");
    form.append("grant_type", "authorization_code");
    form.append("redirect_uri", ig.redirectUri);
    form.append("code", "x");
    const exchange = await hub.fetch("https://api.instagram.com/oauth/access_token", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
    });
    expect(exchange.status).toBe(400);
    expect(JSON.stringify(await exchange.json())).toContain("grant_type");
  });

  it("answers a call without a token with Graph's 2500, not the 190 of a bad or expired token", async () => {
    const { emulator, hub } = setup();
    const missing = await hub.fetch(`${GRAPH}/me/accounts`);
    expect(missing.status).toBe(400);
    const body = (await missing.json()) as { error: { code: number; type: string } };
    expect(body.error).toMatchObject({ code: 2500, type: "OAuthException" });
    const token = emulator.issueUserToken(["pages_show_list"], 60);
    emulator.advance(61_000);
    const expired = await hub.fetch(`${GRAPH}/me/accounts`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const expiredBody = (await expired.json()) as { error: { code: number; error_subcode: number } };
    expect(expiredBody.error).toMatchObject({ code: 190, error_subcode: 463 });
  });

  it("sends Graph error envelopes with message, type, code, error_subcode, fbtrace_id and is_transient", async () => {
    const { emulator, hub } = setup();
    const token = emulator.issueUserToken(["pages_show_list"]);
    emulator.invalidate(token, 460);
    const response = await hub.fetch(`${GRAPH}/me/accounts`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const { error } = (await response.json()) as { error: Record<string, unknown> };
    expect(error).toMatchObject({
      type: "OAuthException",
      code: 190,
      error_subcode: 460,
      is_transient: false,
    });
    expect(typeof error.message).toBe("string");
    expect(error.fbtrace_id).toMatch(/\S/);
  });
});
