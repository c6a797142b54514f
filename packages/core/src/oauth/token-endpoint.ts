import * as z from "zod/mini";
import { OAuthError } from "../errors/oauth-error.js";
import type { PostkitError } from "../errors/postkit-error.js";
import type { HttpClient, ResponseContext } from "../http/client.js";
import { redactText } from "../http/redact.js";
import { isRetryableStatus } from "../http/retry.js";
import { tokenResponse } from "../tokens/token-set.js";
import { base64Encode } from "./encoding.js";

/**
 * How the client authenticates at the token endpoint: credentials in the form body
 * (`client_secret_post`) or an HTTP Basic header (`client_secret_basic`).
 *
 * @group OAuth
 */
export type ClientAuthentication = "body" | "basic";

/** A confidential client's credentials and how to present them. @group OAuth */
export interface ClientCredentials {
  /** The app's client id (TikTok's client key). */
  clientId: string;
  /** The app's client secret; never logged or put in errors. */
  clientSecret: string;
  /** @default "body" */
  authentication?: ClientAuthentication | undefined;
  /** @default "client_id" (TikTok: `client_key`) */
  clientIdParam?: string | undefined;
}

/** @group OAuth */
export interface TokenEndpointRequest {
  /** The token (or revoke) endpoint URL. */
  endpoint: string | URL;
  /** The app's credentials and how to present them. */
  credentials: ClientCredentials;
  /** Grant parameters, e.g. `{ grant_type: "authorization_code", code, redirect_uri }`. */
  params: Record<string, string | undefined>;
  /** Aborts the request. */
  signal?: AbortSignal | undefined;
  /** Names the call in messages. */
  what: string;
  /** Extra headers, e.g. TikTok's documented `Cache-Control: no-cache`. */
  headers?: Record<string, string> | undefined;
}

const oauthErrorBody = z.object({
  error: z.string(),
  error_description: z.optional(z.string()),
  log_id: z.optional(z.string()),
});

/**
 * Reads an RFC 6749 §5.2 error body (`error`, `error_description`) from any response, whatever
 * its status (some providers send OAuth errors with 200).
 *
 * @group OAuth
 */
export function oauthErrorFromResponse(platform: string, context: ResponseContext): PostkitError | undefined {
  const parsed = z.safeParse(oauthErrorBody, context.body);
  if (!parsed.success) return undefined;
  const { error, error_description: description, log_id: traceId } = parsed.data;
  const safeDescription = description === undefined ? undefined : redactText(description, context.secrets);
  return new OAuthError(`${platform}: ${error}${safeDescription ? `: ${safeDescription}` : ""}`, {
    error,
    description: safeDescription,
    status: context.status,
    traceId,
    retryable:
      error === "temporarily_unavailable" || error === "server_error" || isRetryableStatus(context.status),
  });
}

/**
 * POSTs a form to a token endpoint with client authentication and returns the JSON body.
 * Never retried: an authorization code is single-use, and a rotated refresh token would be lost.
 *
 * @group OAuth
 * @throws {@link OAuthError} when the endpoint answers with an OAuth error (e.g. `invalid_grant`).
 * @throws {@link SecurityError} when it redirects; {@link NetworkError}, {@link HttpError} or {@link ResponseShapeError} when the request fails or the answer is malformed.
 */
export async function requestTokenEndpoint(
  http: HttpClient,
  request: TokenEndpointRequest,
): Promise<unknown> {
  const { credentials } = request;
  const form: Record<string, string | undefined> = { ...request.params };
  const headers: Record<string, string> = { accept: "application/json", ...request.headers };
  if ((credentials.authentication ?? "body") === "basic") {
    // RFC 6749 §2.3.1: form-encode (application/x-www-form-urlencoded, so a space is "+") id and
    // secret before joining them.
    const pair = `${formEncode(credentials.clientId)}:${formEncode(credentials.clientSecret)}`;
    headers.authorization = `Basic ${base64Encode(new TextEncoder().encode(pair))}`;
  } else {
    form[credentials.clientIdParam ?? "client_id"] = credentials.clientId;
    form.client_secret = credentials.clientSecret;
  }
  const secrets = [credentials.clientSecret, ...secretParams(request.params)];
  const response = await http.request({
    method: "POST",
    url: request.endpoint,
    form,
    headers,
    idempotent: false,
    signal: request.signal,
    what: request.what,
    secrets,
    interpret: (context) => oauthErrorFromResponse(http.platform, context),
    // A grant is answered with tokens (RFC 6749 §5.1): checked here, where a malformed answer's
    // error is redacted with this request's secrets (code, verifier, client secret).
    ...(request.params.grant_type !== undefined ? { schema: tokenResponse } : {}),
  });
  return response.data;
}

function secretParams(params: Record<string, string | undefined>): string[] {
  return ["code", "refresh_token", "code_verifier", "token"]
    .map((name) => params[name])
    .filter((value): value is string => typeof value === "string");
}

function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}
