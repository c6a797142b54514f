import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  createHttpClient,
  HttpError,
  type Logger,
  NetworkError,
  REDACTED,
  redactForm,
  redactHeaders,
  redactText,
  redactUrl,
  redactValue,
  ResponseShapeError,
  requestTokenEndpoint,
} from "@postkit/core";
import * as z from "zod/mini";
import { findSecretLeak } from "../../../.config/secret-leak.js";

describe("redaction helpers", () => {
  it("redacts secret query parameters, keeping the rest", () => {
    const url = redactUrl(
      "https://graph.example/me?access_token=at-s3cr3t&fields=id&code=c-s3cr3t&upload_token=u-s3cr3t&upload_id=i-s3cr3t",
    );
    expect(url).not.toContain("s3cr3t");
    expect(new URL(url).searchParams.get("fields")).toBe("id");
    expect(new URL(url).searchParams.get("access_token")).toBe(REDACTED);
    expect(redactUrl("https://user:pa55-s3cr3t@host.example/")).not.toContain("s3cr3t");
  });

  it("redacts credentials and cookies in headers", () => {
    const headers = redactHeaders(
      new Headers({ Authorization: "Bearer t-s3cr3t", "Set-Cookie": "sid=s3cr3t", "X-Id": "1" }),
    );
    expect(headers).toEqual({ authorization: REDACTED, "set-cookie": REDACTED, "x-id": "1" });
  });

  it("redacts form bodies, JSON values and free text", () => {
    expect(redactForm("client_secret=s3cr3t&grant_type=refresh_token&refresh_token=r-s3cr3t")).toBe(
      `client_secret=${encodeURIComponent(REDACTED)}&grant_type=refresh_token&refresh_token=${encodeURIComponent(REDACTED)}`,
    );
    const value = redactValue(
      {
        access_token: "a-s3cr3t",
        nested: [{ refresh_token: "r-s3cr3t", ok: 1 }],
        error: { code: "access_token_invalid", message: "token a-s3cr3t is bad" },
      },
      ["a-s3cr3t"],
    );
    expect(JSON.stringify(value)).not.toContain("s3cr3t");
    // `code` in JSON is an error code, not an authorization code: kept.
    expect((value as { error: { code: string } }).error.code).toBe("access_token_invalid");
    expect(
      redactText('Authorization: Bearer abc.s3cr3t and {"access_token":"x-s3cr3t"} and ?code=c-s3cr3t&x=1'),
    ).not.toContain("s3cr3t");
  });
});

describe("redaction of the less common shapes", () => {
  it("covers fragments, nested and camelCase keys, encoded and escaped text, other schemes and header values", () => {
    const secret = "SECRET-s3cr3t-value";
    const texts = [
      redactUrl(`https://app.example/cb#access_token=${secret}&state=x`),
      redactUrl(`https://x.example/a?auth[token]=${secret}`),
      redactText(`redirect=https%3A%2F%2Fx%3Faccess_token%3D${secret}%26state%3D1`),
      redactText(`{\\"access_token\\":\\"${secret}\\"}`),
      redactText(`{"accessToken":"${secret}","password":"${secret}"} password=${secret}`),
      redactText(`Authorization: Token ${secret}; Authorization: OAuth ${secret}`),
      JSON.stringify(redactValue({ api_key: secret, apiKey: secret, "x-api-key": secret })),
      JSON.stringify(
        redactHeaders(
          new Headers({
            location: `https://upload.example/u?upload_id=${secret}`,
            "www-authenticate": `Bearer realm="x", error="invalid_token", token="${secret}"`,
            "x-goog-api-key": secret,
          }),
        ),
      ),
    ];
    for (const text of texts) expect(text).not.toContain(secret);
    // What is not secret stays readable.
    expect(redactText("nextPageToken=abc&error_code=5")).toBe("nextPageToken=abc&error_code=5");
    expect(redactUrl("https://app.example/cb#section-2")).toBe("https://app.example/cb#section-2");
  });
});

describe("errors and logs never carry secrets", () => {
  const token = "act.s3cr3t-access-token";
  const collected: unknown[] = [];
  const lines: string[] = [];
  const logger: Logger = Object.fromEntries(
    (["debug", "info", "warn", "error"] as const).map((level) => [
      level,
      (message: string, fields?: Record<string, unknown>) =>
        lines.push(`${level} ${message} ${JSON.stringify(fields)}`),
    ]),
  );

  it("covers every error path of the HTTP layer", async () => {
    const scenarios: Array<() => Response | Promise<Response>> = [
      // An error body that echoes tokens back.
      () =>
        new Response(JSON.stringify({ error: { message: `bad token ${token}` }, access_token: token }), {
          status: 400,
        }),
      () => new Response(`<html>token=${token}</html>`, { status: 500 }),
      () => new Response("", { status: 429, headers: { "retry-after": "9999" } }),
      () =>
        Promise.reject(
          new TypeError(`connect failed for https://x/?access_token=${token}`, { cause: new Error(token) }),
        ),
    ];
    for (const scenario of scenarios) {
      const http = createHttpClient("test", {
        fetch: (async () => scenario()) as typeof globalThis.fetch,
        logger,
        retry: { retries: 1, minDelayMs: 1 },
      });
      collected.push(
        await http
          .request({
            method: "GET",
            url: `https://api.example/v1/me?access_token=${token}&fields=id`,
            accessToken: token,
            idempotent: true,
          })
          .catch((error: unknown) => error),
      );
    }
    collected.push(
      await requestTokenEndpoint(
        createHttpClient("test", {
          fetch: (async () =>
            new Response(
              JSON.stringify({ error: "invalid_client", error_description: "secret client-s3cr3t is wrong" }),
              {
                status: 401,
              },
            )) as typeof globalThis.fetch,
          logger,
        }),
        {
          endpoint: "https://oauth.example/token",
          credentials: { clientId: "id", clientSecret: "client-s3cr3t" },
          params: { grant_type: "authorization_code", code: "code-s3cr3t", code_verifier: "verifier-s3cr3t" },
          what: "token exchange",
        },
      ).catch((error: unknown) => error),
    );

    // A 2xx whose body fails the schema: the ResponseShapeError keeps the body, redacted.
    collected.push(
      await createHttpClient("test", {
        fetch: (async () => new Response(JSON.stringify({ echo: `you sent ${token}` }))) as typeof fetch,
      })
        .request({
          method: "GET",
          url: "https://api.example/v1/me",
          accessToken: token,
          idempotent: true,
          schema: z.object({ id: z.string() }),
        })
        .catch((error: unknown) => error),
    );

    expect(collected).toHaveLength(6);
    expect(ResponseShapeError.isInstance(collected[5])).toBe(true);
    expect(HttpError.isInstance(collected[0])).toBe(true);
    expect(NetworkError.isInstance(collected[3])).toBe(true);
    for (const error of collected) expect(findSecretLeak(error, inspect)).toBeUndefined();
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) expect(line).not.toMatch(/s3cr3t/);
  });

  it("the leak detector itself finds secrets in messages, properties and causes", () => {
    expect(findSecretLeak(new Error("token s3cr3t"), inspect)).toBe("message");
    expect(findSecretLeak(Object.assign(new Error("x"), { body: { t: "s3cr3t" } }), inspect)).toBe(
      "properties",
    );
    expect(findSecretLeak(new Error("x", { cause: new Error("s3cr3t") }), inspect)).toBeDefined();
    expect(findSecretLeak(new Error("clean"), inspect)).toBeUndefined();
  });
});
