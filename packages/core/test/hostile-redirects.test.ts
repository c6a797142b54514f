// A loopback server that redirects every credentialed request elsewhere, and one that echoes the
// request's secrets back in every field, header and encoding. Nothing may reach the redirect
// target, and no secret may reach an error (message, JSON, inspect) or a log line.
import { createServer, type IncomingMessage } from "node:http";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  createHttpClient,
  ErrorCode,
  type HttpClient,
  type Logger,
  redactText,
  requestTokenEndpoint,
  SecurityError,
} from "@postkit/core";
import { findSecretLeak } from "../../../.config/secret-leak.js";
import { onLoopback } from "../../../.config/hostile-peer.js";

// Secrets with characters that change under percent-encoding and JSON escaping.
const TOKEN = 'at/s3cr3t+token=="x"';
const REFRESH = "rt.s3cr3t/refresh+1";
const CODE = "code-s3cr3t/é+?&=";
const VERIFIER = "verifier-s3cr3t.~_-abc";
const CLIENT_SECRET = 'client\\s3cr3t"secret';

let targetHits = 0;
const target = createServer((_request, response) => {
  targetHits++;
  response.writeHead(200, { "content-type": "application/json" }).end("{}");
});
const targetAddress = onLoopback(target);

let redirectStatus = 302;
const redirecting = createServer((request, response) => {
  request.resume();
  response
    .writeHead(redirectStatus, { location: `${targetAddress.base}/collect${request.url ?? ""}` })
    .end('{"access_token":"from-redirect"}');
});
const redirectAddress = onLoopback(redirecting);

async function bodyOf(request: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of request) parts.push(part as Buffer);
  return Buffer.concat(parts).toString();
}

const encodings = (value: string) => [
  value,
  encodeURIComponent(value),
  new URLSearchParams({ v: value }).toString().slice(2),
  JSON.stringify(value).slice(1, -1),
];

/** Echoes everything it received, and each secret the request carried in every encoding, in the body and the headers. */
const echoing = createServer(async (request, response) => {
  const received = `${request.url} ${await bodyOf(request)} ${request.headers.authorization ?? ""}`;
  // The secrets this request carried (a server can only echo what it was sent).
  const values = [TOKEN, REFRESH, CODE, VERIFIER, CLIENT_SECRET].filter((value) =>
    encodings(value).some((form) => received.includes(form)),
  );
  const forms = values.flatMap(encodings);
  const text = `${received} ${forms.join(" ")}`;
  const status = request.url?.startsWith("/ok") ? 200 : 400;
  response.writeHead(status, {
    "content-type": "application/json",
    "x-echo": encodeURIComponent(values.join(" ")),
    "x-echo-form": new URLSearchParams({ echo: received }).toString(),
    "www-authenticate": `Bearer error="invalid_token", error_description="${encodeURIComponent(TOKEN)}"`,
    location: `https://elsewhere.example/?token=${encodeURIComponent(TOKEN)}`,
  });
  response.end(
    JSON.stringify({
      error: forms.join(" "),
      error_description: `The access token is invalid: ${text}`,
      message: text,
      nested: { list: forms, ...Object.fromEntries(values.map((value) => [value, value])) },
      ...(status === 200 ? { access_token: "fine-token-value", expires_in: -5 } : {}),
    }),
  );
});
const echoAddress = onLoopback(echoing);

/** Every credentialed request postkit makes, against `base`. */
function credentialedCalls(http: HttpClient, base: string): Array<[string, () => Promise<unknown>]> {
  const credentials = { clientId: "id", clientSecret: CLIENT_SECRET };
  return [
    [
      "code exchange",
      () =>
        requestTokenEndpoint(http, {
          endpoint: `${base}/token`,
          credentials,
          params: { grant_type: "authorization_code", code: CODE, code_verifier: VERIFIER },
          what: "code exchange",
        }),
    ],
    [
      "refresh",
      () =>
        requestTokenEndpoint(http, {
          endpoint: `${base}/token`,
          credentials,
          params: { grant_type: "refresh_token", refresh_token: REFRESH },
          what: "refresh",
        }),
    ],
    [
      "revoke",
      () =>
        requestTokenEndpoint(http, {
          endpoint: `${base}/revoke`,
          credentials,
          params: { token: TOKEN },
          what: "revoke",
        }),
    ],
    [
      "API read",
      () => http.request({ method: "GET", url: `${base}/me`, accessToken: TOKEN, idempotent: true }),
    ],
    [
      "upload session start",
      () =>
        http.request({
          method: "POST",
          url: `${base}/upload?uploadType=resumable`,
          json: { snippet: { title: "x" } },
          accessToken: TOKEN,
          idempotent: false,
          accept: (status) => status === 200,
        }),
    ],
    [
      "chunk PUT to a session URL",
      () =>
        http.request({
          method: "PUT",
          url: `${base}/video/?upload_id=1&upload_token=${encodeURIComponent(TOKEN)}`,
          body: new Uint8Array(1024),
          idempotent: true,
        }),
    ],
  ];
}

describe("credentials never follow a redirect", () => {
  for (const status of [301, 302, 303, 307, 308]) {
    it(`HTTP ${status} on every credentialed request: REDIRECT_REFUSED, nothing reaches the target`, async () => {
      redirectStatus = status;
      targetHits = 0;
      const http = createHttpClient("test", { retry: { retries: 2, minDelayMs: 1 } });
      for (const [name, call] of credentialedCalls(http, redirectAddress.base)) {
        const error = await call().catch((caught: unknown) => caught);
        expect(SecurityError.isInstance(error), name).toBe(true);
        expect((error as SecurityError).code, name).toBe(ErrorCode.REDIRECT_REFUSED);
        expect((error as SecurityError).origin, name).toBe(targetAddress.base);
        expect(findSecretLeak(error, inspect), name).toBeUndefined();
      }
      expect(targetHits).toBe(0);
    });
  }

  it("a request without credentials still follows (and says it would not with one)", async () => {
    redirectStatus = 302;
    targetHits = 0;
    const http = createHttpClient("test");
    const response = await http.request({
      method: "GET",
      url: `${redirectAddress.base}/public`,
      idempotent: true,
    });
    expect(response.data).toEqual({});
    expect(targetHits).toBe(1);
  });
});

describe("secrets echoed back in every field, header and encoding", () => {
  it("reach no error message, JSON, inspect output or log line", async () => {
    const lines: string[] = [];
    const logger: Logger = Object.fromEntries(
      (["debug", "info", "warn", "error"] as const).map((level) => [
        level,
        (message: string, fields?: Record<string, unknown>) =>
          lines.push(`${message} ${JSON.stringify(fields)}`),
      ]),
    );
    const http = createHttpClient("test", { logger, retry: { retries: 0 } });
    const errors: Array<[string, unknown]> = [];
    for (const base of [echoAddress.base, `${echoAddress.base}/ok`]) {
      for (const [name, call] of credentialedCalls(http, base)) {
        errors.push([
          name,
          await call().then(
            () => "no error",
            (caught: unknown) => caught,
          ),
        ]);
      }
    }
    for (const [name, error] of errors) {
      // The 2xx grants fail on `expires_in: -5`; the 2xx API read and PUT succeed.
      if (error === "no error") continue;
      expect(findSecretLeak(error, inspect), name).toBeUndefined();
    }
    expect(errors.filter(([, error]) => error !== "no error").length).toBeGreaterThanOrEqual(8);
    for (const line of lines) expect(line).not.toMatch(/s3cr3t/i);
  });

  it("the token-shaped value after a scheme goes, the word after 'token' stays", () => {
    expect(redactText("The access token is invalid")).toBe("The access token is invalid");
    expect(redactText("Token provided has expired; OAuth 2.0 error")).toBe(
      "Token provided has expired; OAuth 2.0 error",
    );
    expect(redactText("Authorization: Bearer ya29.a0AfH6SMB-s3cr3t")).not.toMatch(/s3cr3t/);
    expect(redactText(`echo ${encodeURIComponent(TOKEN)} and ${JSON.stringify(TOKEN)}`, [TOKEN])).not.toMatch(
      /s3cr3t/,
    );
  });
});
