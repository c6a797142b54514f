import { CapabilityError } from "../errors/capability-error.js";
import { ScopeError } from "../errors/scope-error.js";

/**
 * Whether a provider can do one operation, and which scopes it needs (all of them).
 * @group Contract
 */
export type Capability<TScope extends string = string> =
  | {
      /** The operation is available. */
      available: true;
      /** Scopes the grant must include, all of them; empty when any grant will do. */
      scopes: readonly TScope[];
      /**
       * Scopes of which the grant must include at least one, for platforms that accept any of
       * several per operation (Google: `youtube` or `youtube.upload` for an upload).
       */
      anyOf?: readonly TScope[] | undefined;
      /** A short remark for the docs (a limit, a caveat). */
      note?: string | undefined;
    }
  | {
      /** The operation is not available. */
      available: false;
      /** Why, for the error and the docs. */
      reason: string;
    };

/**
 * The operations every provider is asked about. A provider may add its own.
 * @group Contract
 */
export type StandardOperation =
  | "getProfile"
  | "publishVideo"
  | "publishPhotos"
  | "saveDraft"
  | "getPublishStatus"
  | "resumeUpload"
  | "listVideos"
  | "updateVideo"
  | "deleteVideo"
  | "revoke";

/**
 * A provider's typed capability manifest: per operation, available with its scopes or not with a
 * reason. Checked before any request; the README's capability table is generated from it.
 * @group Contract
 */
export type CapabilityManifest<
  TScope extends string = string,
  TOperation extends string = StandardOperation,
> = {
  readonly [operation in TOperation]: Capability<TScope>;
};

/**
 * Throws before any request when `operation` is unavailable (`CapabilityError`) or `granted`
 * lacks a scope it needs (`ScopeError` naming the missing ones). `granted` undefined skips the
 * scope check (the grant's scopes are not known).
 * @group Contract
 * @throws {@link CapabilityError} when the operation is not available on the platform.
 * @throws {@link ScopeError} when the grant lacks the operation's scopes.
 */
export function assertCapability<TScope extends string>(
  platform: string,
  manifest: Partial<Record<string, Capability<TScope>>>,
  operation: string,
  granted: readonly string[] | undefined,
): void {
  const capability = manifest[operation];
  if (!capability?.available) {
    throw new CapabilityError(`${platform}: ${operation} is not available.`, {
      platform,
      operation,
      hint: capability && !capability.available ? capability.reason : undefined,
    });
  }
  if (!granted) return;
  const missing = capability.scopes.filter((scope) => !granted.includes(scope));
  if (missing.length) {
    throw new ScopeError(`${platform}: ${operation} needs ${missing.join(", ")}, which the grant lacks.`, {
      platform,
      missing,
      granted,
    });
  }
  const anyOf = capability.anyOf ?? [];
  if (anyOf.length && !anyOf.some((scope) => granted.includes(scope))) {
    throw new ScopeError(
      `${platform}: ${operation} needs one of ${anyOf.join(", ")}, which the grant lacks.`,
      {
        platform,
        missing: anyOf.slice(0, 1),
        granted,
        hint: `Request one of ${anyOf.join(", ")} (the first is the narrowest) and have the user connect again.`,
      },
    );
  }
}

/**
 * A Markdown table of capability manifests: one row per operation, one column per platform.
 * Used to generate the README's capability table, so the docs cannot drift from the code.
 * @group Contract
 */
export function capabilityTable(
  columns: ReadonlyArray<{ name: string; manifest: Partial<Record<string, Capability>> }>,
  operations: readonly string[],
): string {
  const cell = (capability: Capability | undefined): string => {
    if (!capability?.available) return capability ? `✘ ${capability.reason}` : "✘";
    const all = capability.scopes.map((scope) => `\`${scope}\``).join(", ");
    const any = capability.anyOf?.length
      ? `one of ${capability.anyOf.map((scope) => `\`${scope}\``).join(", ")}`
      : "";
    const scopes = [all, any].filter(Boolean).join(" and ") || "any";
    return `✔ ${scopes}${capability.note ? ` (${capability.note})` : ""}`;
  };
  const lines = [
    `| operation | ${columns.map((column) => column.name).join(" | ")} |`,
    `|---|${columns.map(() => "---").join("|")}|`,
    ...operations.map(
      (operation) =>
        `| \`${operation}\` | ${columns.map((column) => cell(column.manifest[operation])).join(" | ")} |`,
    ),
  ];
  return `${lines.join("\n")}\n`;
}
