import {
  type Connection,
  ErrorCode,
  type LoginSession,
  type Provider,
  type StandardOperation,
  type TokenSet,
} from "@postkit/core";
import { assert, describe, findLeak, hasCode } from "./assert.js";
import type { ConformanceCheck } from "./check.js";
import { type CheckEnv, consentTo } from "./env.js";

const ATTACKER = "https://conformance-attacker.example";

/** Everything a credentialed call can be: the code exchange, a renewal, revoke, reads, a publish. */
interface Scene {
  callback: string;
  session: LoginSession;
  connection: Connection & { credentials: TokenSet };
  secrets: string[];
}

/** A real login's callback and a connection, prepared on the honest emulator. */
async function scene(env: CheckEnv): Promise<Scene> {
  const start = await env.provider.createAuthorizationUrl({
    scopes: env.adapter.scopes.publish,
  });
  const callback = await consentTo(env, start.url);
  const connection = env.connection(env.adapter.scopes.publish);
  const code = new URL(callback).searchParams.get("code") ?? "";
  const secrets = [
    code,
    start.session.codeVerifier ?? "",
    connection.credentials.accessToken,
    connection.credentials.refreshToken ?? "",
  ].filter(Boolean);
  return { callback, session: start.session, connection, secrets };
}

/**
 * Every credentialed call the provider makes. An operation its manifest says is unavailable (a
 * CapabilityError before any request) and `renewTokens` of a provider that cannot renew (refused
 * before any request) send nothing, so they are left out.
 */
function calls(env: CheckEnv, provider: Provider, s: Scene): Array<[string, () => Promise<unknown>]> {
  const all: Array<[string, () => Promise<unknown>]> = [
    ["the code exchange", () => provider.connect(s.callback, s.session)],
    ["renewTokens", () => provider.renewTokens(s.connection.credentials)],
    ["getProfile", () => provider.getProfile(s.connection)],
    ["listVideos", () => provider.listVideos(s.connection)],
    ["publishVideo", () => provider.publishVideo(s.connection, env.videoInput(env.bytes(17, 2048)))],
    ["revoke", () => provider.revoke(s.connection)],
  ];
  return all.filter(([name]) => {
    if (name === "renewTokens") return provider.renewal !== "none";
    const capability = provider.capabilities[name as StandardOperation];
    return capability === undefined || capability.available;
  });
}

/** A fetch in front of the hub that answers every request itself with `answer`. */
function hostileFetch(
  answer: (request: Request, text: string) => Response | Promise<Response>,
): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const text = `${request.url} ${request.headers.get("authorization") ?? ""} ${request.body ? await request.clone().text() : ""}`;
    return answer(request, text);
  };
}

/** The hostile-network rules: no credentialed redirect, capped bodies, no secret in errors or logs. */
export const hostileChecks: ConformanceCheck[] = [
  {
    id: "hostile.redirect",
    promise:
      "no credentialed request follows a redirect: every call is refused with REDIRECT_REFUSED and nothing reaches the target",
    async run(env) {
      const s = await scene(env);
      let reached = 0;
      const fetch = hostileFetch((request) => {
        if (request.url.startsWith(ATTACKER)) {
          reached++;
          return Response.json({});
        }
        const url = new URL(request.url);
        return new Response(null, {
          status: 307,
          headers: { location: `${ATTACKER}${url.pathname}${url.search}` },
        });
      });
      const provider = env.make({ fetch });
      for (const [name, call] of calls(env, provider, s)) {
        const error = await call().then(
          () => undefined,
          (caught: unknown) => caught,
        );
        assert(
          error,
          `${name} succeeded against a host that redirects it; a credentialed redirect must be refused.`,
        );
        assert(
          hasCode(error, ErrorCode.REDIRECT_REFUSED),
          `${name} was redirected: it must fail with REDIRECT_REFUSED; got ${describe(error)}.`,
        );
      }
      assert(reached === 0, `${reached} credentialed request(s) followed a redirect to another host.`);
    },
  },
  {
    id: "hostile.body-cap",
    promise: "an endless response body is cut at the cap (RESPONSE_TOO_LARGE), never read whole",
    async run(env) {
      const s = await scene(env);
      const LIMIT = 64 * 1024 * 1024;
      let served = 0;
      const fetch = hostileFetch(() => {
        const piece = new TextEncoder().encode(`${" ".repeat(65_535)}\n`);
        const body = new ReadableStream<Uint8Array>({
          pull(controller) {
            if (served >= LIMIT) return controller.close();
            served += piece.byteLength;
            controller.enqueue(piece);
          },
        });
        return new Response(body, {
          status: 200,
          headers: { "content-type": "application/json" },
        });
      });
      const provider = env.make({ fetch });
      for (const [name, call] of calls(env, provider, s).filter(([name]) => name !== "publishVideo")) {
        served = 0;
        const error = await call().then(
          () => undefined,
          (caught: unknown) => caught,
        );
        assert(error, `${name} accepted an endless body.`);
        assert(
          hasCode(error, ErrorCode.RESPONSE_TOO_LARGE),
          `${name} got an endless body: it must fail with RESPONSE_TOO_LARGE; got ${describe(error)}.`,
        );
        assert(served < LIMIT, `${name} read the whole ${LIMIT}-byte body; it must stop at the cap.`);
      }
    },
  },
  {
    id: "hostile.secrets",
    promise: "a host that echoes every secret back in its errors never gets one into an error or a log line",
    async run(env) {
      const s = await scene(env);
      const fetch = hostileFetch((_request, text) => {
        const echo = `${text} ${encodeURIComponent(text)}`;
        return new Response(
          JSON.stringify({
            error: {
              code: echo,
              message: echo,
              log_id: echo,
              errors: [{ reason: echo, message: echo }],
            },
            error_description: echo,
            message: echo,
          }),
          {
            status: 401,
            headers: {
              "content-type": "application/json",
              "x-echo": encodeURIComponent(echo).slice(0, 4000),
            },
          },
        );
      });
      const provider = env.make({ fetch });
      for (const [name, call] of calls(env, provider, s)) {
        const error = await call().then(
          () => undefined,
          (caught: unknown) => caught,
        );
        assert(error, `${name} succeeded against a host that answers 401 to everything.`);
        const leak = findLeak(error, s.secrets);
        assert(
          !leak,
          `${name}'s error shows ${leak}: errors must be redacted (message, properties, cause chain).`,
        );
      }
      const leak = findLeak(env.logLines.join("\n"), s.secrets);
      assert(!leak, `a log line shows ${leak}: log lines must be redacted.`);
    },
  },
];
