import { randomBytes } from "node:crypto";

/**
 * Every secret an emulator mints (tokens, codes, upload tokens) contains this marker, so a test
 * suite can scan errors and logs for leaks with one pattern.
 */
export const SECRET_MARKER = "s3cr3t";

/** A fresh random secret such as `act.s3cr3t-9f8e…`, starting with the platform's own prefix. */
export function mintSecret(prefix = ""): string {
  return `${prefix}${SECRET_MARKER}-${randomBytes(18).toString("base64url")}`;
}

/** A fresh random non-secret id (video ids, publish ids), e.g. `v_3kq9…`. */
export function mintId(prefix = ""): string {
  return `${prefix}${randomBytes(9).toString("base64url").replace(/[-_]/g, "x")}`;
}
