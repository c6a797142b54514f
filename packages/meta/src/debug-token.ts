// What a Facebook token is, asked of Meta with the app's own token: its type (user or Page),
// validity, expiry and scopes. https://developers.facebook.com/docs/graph-api/reference/debug_token
import * as z from "zod/mini";
import type { MetaContext } from "./context.js";

/**
 * What `debug_token` says about a token, with times in epoch milliseconds.
 * @group OAuth
 */
export interface MetaTokenInfo {
  /** `USER`, `PAGE` or `APP` as Meta writes it; absent when Meta does not say (an unknown token). */
  type: "USER" | "PAGE" | "APP" | (string & {}) | undefined;
  /** Whether Meta still accepts the token. */
  isValid: boolean;
  /** The app the token was issued to. */
  appId: string | undefined;
  /** The app's name. */
  application: string | undefined;
  /** When the token expires; `undefined` when it does not (Meta's `expires_at: 0`) or Meta did not say. */
  expiresAt: number | undefined;
  /** When it was issued. */
  issuedAt: number | undefined;
  /** When the app's access to the user's data ends (the user must log in again after). */
  dataAccessExpiresAt: number | undefined;
  /** The permissions granted to the token. */
  scopes: string[];
  /** The user the token belongs to (for a Page token, the user who got it). */
  userId: string | undefined;
}

const id = z.optional(z.union([z.string(), z.number()]));
const epoch = z.optional(z.number());
const debugSchema = z.looseObject({
  data: z.looseObject({
    app_id: id,
    type: z.optional(z.string()),
    application: z.optional(z.string()),
    expires_at: epoch,
    is_valid: z.boolean(),
    issued_at: epoch,
    data_access_expires_at: epoch,
    scopes: z.optional(z.array(z.string())),
    user_id: id,
  }),
});

const ms = (seconds: number | undefined) => (seconds ? seconds * 1000 : undefined);
const text = (value: string | number | undefined) => (value === undefined ? undefined : String(value));

/**
 * `GET /debug_token?input_token=…&access_token={app-id}|{app-secret}`: the app token rides in
 * the query as Meta documents it, and both tokens are scrubbed from anything postkit reports.
 * @internal
 */
export async function inspectToken(
  context: MetaContext,
  inputToken: string,
  signal: AbortSignal | undefined,
): Promise<MetaTokenInfo> {
  const appToken = `${context.clientId}|${context.clientSecret}`;
  const { data } = await context.graph.call({
    method: "GET",
    path: "/debug_token",
    query: { input_token: inputToken, access_token: appToken },
    schema: debugSchema,
    idempotent: true,
    what: "Facebook token inspection",
    secrets: [appToken, context.clientSecret, inputToken],
    signal,
  });
  return {
    type: data.type,
    isValid: data.is_valid,
    appId: text(data.app_id),
    application: data.application,
    expiresAt: ms(data.expires_at),
    issuedAt: ms(data.issued_at),
    dataAccessExpiresAt: ms(data.data_access_expires_at),
    scopes: data.scopes ?? [],
    userId: text(data.user_id),
  };
}
