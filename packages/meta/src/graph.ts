// The Graph API client every Meta call goes through: core's pipeline (retries, redaction, capped
// bodies, refused credentialed redirects) plus the token header, appsecret_proof, the usage gate,
// Graph error bodies and cursor paging.
// https://developers.facebook.com/docs/graph-api/guides/secure-requests ,
// https://developers.facebook.com/docs/graph-api/results (cursor paging).
import { createHttpClient, type HttpClient, type HttpOptions, type Page, type Schema } from "@postkit/core";
import * as z from "zod/mini";
import { checkGraphVersion, DEFAULT_GRAPH_VERSION, joinUrl } from "./endpoints.js";
import { metaErrorFromResponse } from "./errors.js";
import { GraphUsageGate, type UsageGateOptions } from "./usage.js";

/** Options of {@link createGraphClient}. @group Graph */
export interface GraphClientOptions extends HttpOptions {
  /** The Graph host, e.g. `https://graph.facebook.com` (or an emulator's). */
  baseUrl: string;
  /** The Graph API version. @default DEFAULT_GRAPH_VERSION ("v25.0") */
  version?: string | undefined;
  /**
   * The app secret: when set, every call with a token adds `appsecret_proof` (hex HMAC-SHA256
   * of the token keyed by the secret), which Meta requires when "Require App Secret" is on.
   */
  appSecret?: string | undefined;
  /** Pacing on Meta's usage headers, or a gate shared with other clients. */
  usage?: UsageGateOptions | GraphUsageGate | undefined;
}

/** One Graph call. @group Graph */
export interface GraphCall<T> {
  /** `GET` reads, `POST` writes, `DELETE` removes. */
  method: "GET" | "POST" | "DELETE";
  /** The path after the version, e.g. `/me/accounts` or `/{page-id}/feed`. */
  path: string;
  /** The token, sent as `Authorization: Bearer`; absent for app-level calls. */
  accessToken?: string | undefined;
  /** Query parameters. */
  query?: Record<string, string | number | boolean | undefined> | undefined;
  /** Form parameters of a `POST`. */
  form?: Record<string, string | undefined> | undefined;
  /** A raw body of a `POST` instead of `form` (a multipart photo), with its `Content-Type`. */
  body?:
    | {
        /** The bytes. */
        data: Blob;
        /** Their `Content-Type`, e.g. `multipart/form-data; boundary=…`. */
        contentType: string;
      }
    | undefined;
  /** Validates the response body. */
  schema: Schema<T>;
  /** Whether a repeat is harmless: reads say `true`, writes `false`. */
  idempotent: boolean;
  /** Names the call in messages, e.g. `"Facebook Pages list"`. */
  what: string;
  /** Further literal secrets to scrub (an app secret). */
  secrets?: readonly string[] | undefined;
  /** Aborts the call. */
  signal?: AbortSignal | undefined;
  /** Parses the body instead of `JSON.parse`, e.g. to keep ids above 2^53 exact. */
  parseJson?: ((text: string) => unknown) | undefined;
}

/** A Graph API client. @group Graph */
export interface GraphClient {
  /** The pipeline under it. */
  readonly http: HttpClient;
  /** The version it sends, e.g. `v25.0`. */
  readonly version: string;
  /** The usage gate pacing it. */
  readonly usage: GraphUsageGate;
  /** Sends one call and returns its validated body. */
  call<T>(call: GraphCall<T>): Promise<T>;
  /**
   * One page of a cursor-paged edge (`{ data, paging: { cursors: { after }, next } }`):
   * `nextCursor` is the `after` cursor while Meta gives a `next` link.
   */
  page<T>(
    call: Omit<GraphCall<T>, "schema" | "method" | "idempotent"> & {
      item: Schema<T>;
      cursor?: string | undefined;
      limit?: number | undefined;
    },
  ): Promise<Page<T>>;
}

const pagingSchema = z.optional(
  z.looseObject({
    cursors: z.optional(z.looseObject({ after: z.optional(z.string()), before: z.optional(z.string()) })),
    next: z.optional(z.string()),
  }),
);

/**
 * Hex HMAC-SHA256 of `accessToken` keyed by `appSecret`, through Web Crypto: Graph's
 * `appsecret_proof` (https://developers.facebook.com/docs/graph-api/guides/secure-requests).
 * @group Graph
 */
export async function appSecretProof(accessToken: string, appSecret: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await globalThis.crypto.subtle.importKey(
    "raw",
    encoder.encode(appSecret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const signature = new Uint8Array(
    await globalThis.crypto.subtle.sign("HMAC", key, encoder.encode(accessToken)),
  );
  return Array.from(signature, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * A Graph client on core's `createHttpClient`: the version in the path, the token as a header,
 * `appsecret_proof` when the app secret is known, Meta's usage headers read after every attempt
 * and fed to the gate of the next one, Graph error bodies as typed errors, and cursor paging.
 * @group Graph
 */
export function createGraphClient(options: GraphClientOptions): GraphClient {
  const version = checkGraphVersion(options.version ?? DEFAULT_GRAPH_VERSION);
  const http = createHttpClient("meta", options);
  const usage = options.usage instanceof GraphUsageGate ? options.usage : new GraphUsageGate(options.usage);
  const { appSecret, baseUrl } = options;
  let lastProof: { token: string; proof: string } | undefined;
  const proofFor = async (token: string): Promise<string> => {
    if (lastProof?.token !== token)
      lastProof = { token, proof: await appSecretProof(token, appSecret ?? "") };
    return lastProof.proof;
  };

  async function call<T>(request: GraphCall<T>): Promise<T> {
    const { accessToken, signal } = request;
    const proof = accessToken && appSecret ? await proofFor(accessToken) : undefined;
    const response = await http.request({
      method: request.method,
      url: joinUrl(baseUrl, `/${version}${request.path.startsWith("/") ? "" : "/"}${request.path}`),
      query: { ...request.query, ...(proof ? { appsecret_proof: proof } : {}) },
      ...(request.form ? { form: request.form } : {}),
      ...(request.body
        ? { body: request.body.data, headers: { "content-type": request.body.contentType } }
        : {}),
      ...(accessToken ? { accessToken } : {}),
      idempotent: request.idempotent,
      signal,
      what: request.what,
      secrets: [...(request.secrets ?? []), ...(appSecret ? [appSecret] : []), ...(proof ? [proof] : [])],
      gate: ({ signal: attemptSignal }) => usage.pass(accessToken, attemptSignal),
      schema: request.schema,
      ...(request.parseJson ? { parseJson: request.parseJson } : {}),
      interpret: (context) => metaErrorFromResponse(context, request.what),
    });
    return response.data;
  }

  return {
    http,
    version,
    usage,
    call,
    async page(request) {
      const schema = z.looseObject({ data: z.array(request.item), paging: pagingSchema });
      const body = await call({
        ...request,
        method: "GET",
        idempotent: true,
        query: { ...request.query, limit: request.limit, after: request.cursor },
        schema: schema as unknown as Schema<{
          data: Array<z.infer<typeof request.item>>;
          paging?: { cursors?: { after?: string }; next?: string };
        }>,
      });
      const after = body.paging?.cursors?.after;
      return { items: body.data as never[], nextCursor: body.paging?.next && after ? after : undefined };
    },
  };
}
