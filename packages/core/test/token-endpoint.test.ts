import { describe, expect, it } from "vitest";
import {
  createHttpClient,
  ErrorCode,
  OAuthError,
  requestTokenEndpoint,
  spaceSeparatedScopes,
  tokenSetFromResponse,
} from "@postkit/core";

const CLIENT_SECRET = "client-s3cr3t-value";

function recorder(response: () => Response) {
  const requests: Request[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    requests.push(new Request(input, init));
    return response();
  }) as typeof globalThis.fetch;
  return { fetch, requests };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

describe("requestTokenEndpoint", () => {
  it("sends client credentials in the body under the provider's parameter name", async () => {
    const { fetch, requests } = recorder(() => json({ access_token: "a", expires_in: 60 }));
    const http = createHttpClient("tiktok", { fetch });
    await requestTokenEndpoint(http, {
      endpoint: "https://open.example/v2/oauth/token/",
      credentials: { clientId: "ck", clientSecret: CLIENT_SECRET, clientIdParam: "client_key" },
      params: { grant_type: "authorization_code", code: "code-s3cr3t", redirect_uri: "https://app/cb" },
      what: "token exchange",
      headers: { "cache-control": "no-cache" },
    });
    expect(requests[0]!.headers.get("cache-control")).toBe("no-cache");
    const form = new URLSearchParams(await requests[0]!.text());
    expect(form.get("client_key")).toBe("ck");
    expect(form.has("client_id")).toBe(false);
    expect(form.get("client_secret")).toBe(CLIENT_SECRET);
    expect(form.get("grant_type")).toBe("authorization_code");
    expect(requests[0]!.headers.get("authorization")).toBeNull();
  });

  it("uses HTTP Basic with form-encoded credentials when asked", async () => {
    const { fetch, requests } = recorder(() => json({ access_token: "a" }));
    const http = createHttpClient("google", { fetch });
    await requestTokenEndpoint(http, {
      endpoint: "https://oauth.example/token",
      credentials: { clientId: "id:with space", clientSecret: "s/cr+t", authentication: "basic" },
      params: { grant_type: "refresh_token", refresh_token: "rt" },
      what: "refresh",
    });
    const header = requests[0]!.headers.get("authorization")!;
    expect(header.startsWith("Basic ")).toBe(true);
    // application/x-www-form-urlencoded: a space is "+", a literal "+" is "%2B".
    expect(atob(header.slice(6))).toBe("id%3Awith+space:s%2Fcr%2Bt");
    const form = new URLSearchParams(await requests[0]!.text());
    expect(form.has("client_secret")).toBe(false);
    expect(form.get("refresh_token")).toBe("rt");
  });

  it("turns an OAuth error body into an OAuthError, whatever the status, without secrets", async () => {
    for (const status of [400, 200]) {
      const { fetch, requests } = recorder(() =>
        json(
          { error: "invalid_grant", error_description: "Code code-s3cr3t is expired.", log_id: "L1" },
          status,
        ),
      );
      const http = createHttpClient("tiktok", { fetch });
      const error = await requestTokenEndpoint(http, {
        endpoint: "https://open.example/token",
        credentials: { clientId: "ck", clientSecret: CLIENT_SECRET },
        params: { grant_type: "authorization_code", code: "code-s3cr3t" },
        what: "token exchange",
      }).catch((caught: unknown) => caught);
      expect(OAuthError.isInstance(error)).toBe(true);
      const oauth = error as OAuthError;
      expect(oauth.code).toBe(ErrorCode.OAUTH_ERROR);
      expect(oauth.error).toBe("invalid_grant");
      expect(oauth.traceId).toBe("L1");
      expect(oauth.status).toBe(status);
      expect(oauth.message).not.toContain("s3cr3t");
      expect(oauth.description).not.toContain("s3cr3t");
      // A code is single-use: a token request is never repeated.
      expect(requests).toHaveLength(1);
    }
  });

  it("is never retried, even on 503 or a network error", async () => {
    for (const failure of [() => json({}, 503), () => Promise.reject(new TypeError("fetch failed"))]) {
      let calls = 0;
      const fetch = (async () => {
        calls++;
        return failure();
      }) as unknown as typeof globalThis.fetch;
      const http = createHttpClient("x", { fetch, retry: { minDelayMs: 1 } });
      await expect(
        requestTokenEndpoint(http, {
          endpoint: "https://oauth.example/token",
          credentials: { clientId: "id", clientSecret: CLIENT_SECRET },
          params: { grant_type: "refresh_token", refresh_token: "rt-s3cr3t" },
          what: "refresh",
        }),
      ).rejects.toThrow();
      expect(calls).toBe(1);
    }
  });

  it("feeds tokenSetFromResponse", async () => {
    const { fetch } = recorder(() =>
      json({ access_token: "a", expires_in: 3599, scope: "x y", token_type: "Bearer" }),
    );
    const http = createHttpClient("google", { fetch });
    const body = await requestTokenEndpoint(http, {
      endpoint: "https://oauth.example/token",
      credentials: { clientId: "id", clientSecret: CLIENT_SECRET },
      params: { grant_type: "authorization_code", code: "c" },
      what: "token exchange",
    });
    const tokens = tokenSetFromResponse(body, { scopeStyle: spaceSeparatedScopes, now: () => 0 });
    expect(tokens).toMatchObject({ accessToken: "a", expiresAt: 3_599_000, scopes: ["x", "y"] });
  });
});
