// Display API: user/info, each field behind its scope.
import type { Authorized } from "../context.js";
import { fail, methodNotAllowed, ok } from "../errors.js";
import { USER_FIELD_SCOPES } from "../rules.js";
import type { TikTokEmulatedUser } from "../state.js";

export function userInfo(request: Request, auth: Authorized): Response {
  if (request.method !== "GET") return methodNotAllowed();
  const fields = (new URL(request.url).searchParams.get("fields") ?? "").split(",").filter(Boolean);
  if (!fields.length) return fail(400, "invalid_params", "fields is required");
  const unknown = fields.filter((field) => !(field in USER_FIELD_SCOPES));
  if (unknown.length) return fail(400, "invalid_params", `Invalid fields: ${unknown.join(",")}`);
  const missing = fields.filter((field) => !auth.record.scopes.includes(USER_FIELD_SCOPES[field]!));
  if (missing.length) {
    return fail(400, "scope_permission_missed", `Fields need additional scopes: ${missing.join(",")}`);
  }
  const out: Record<string, unknown> = {};
  const { user: owner } = auth.record.account;
  for (const field of fields) out[field] = owner[field as keyof TikTokEmulatedUser];
  return ok({ user: out });
}
