// Graph error bodies as Meta sends them (https://developers.facebook.com/docs/graph-api/guides/error-handling).
import { mintId } from "../harness/secrets.js";

/** A Graph error response: `{"error":{message,type,code,error_subcode,fbtrace_id,is_transient}}`. */
export function graphError(
  status: number,
  code: number,
  message: string,
  extra: { subcode?: number; type?: string; isTransient?: boolean; headers?: HeadersInit } = {},
): Response {
  return Response.json(
    {
      error: {
        message,
        type: extra.type ?? (code === 190 || code === 102 ? "OAuthException" : "GraphMethodException"),
        code,
        ...(extra.subcode !== undefined ? { error_subcode: extra.subcode } : {}),
        fbtrace_id: mintId("fbt"),
        is_transient: extra.isTransient ?? false,
      },
    },
    { status, headers: extra.headers },
  );
}

/** 190: the token is invalid or expired (463 when expired). */
export const invalidToken = (subcode?: number): Response =>
  graphError(
    400,
    190,
    "Error validating access token: The session is invalid.",
    subcode === undefined ? {} : { subcode },
  );

/** 200-range: a permission is missing. */
export const missingPermission = (permission: string): Response =>
  graphError(403, 200, `(#200) Requires ${permission} permission to manage the object`);

/** 100: an invalid parameter. */
export const invalidParameter = (message: string, subcode?: number): Response =>
  graphError(400, 100, message, subcode === undefined ? {} : { subcode });
