import { ScopeError } from "../errors/scope-error.js";

/**
 * How a platform writes a list of scopes. One object serializes scopes for the authorization URL
 * and parses the granted scopes that come back in token responses and callbacks, so the two
 * directions can never disagree.
 *
 * @group OAuth
 */
export interface ScopeStyle {
  /** The separator, for display and debugging. */
  readonly separator: string;
  /** Scopes to the single string the authorization URL expects. Duplicates are dropped, order kept. */
  serialize(scopes: readonly string[]): string;
  /** A granted-scopes string (or array) from a platform response to a list. Absent input gives `[]`. */
  parse(value: string | readonly string[] | null | undefined): string[];
}

function createScopeStyle(separator: string, splitter: RegExp): ScopeStyle {
  return {
    separator,
    serialize(scopes) {
      return unique(scopes.map((scope) => scope.trim()).filter(Boolean)).join(separator);
    },
    parse(value) {
      if (value === null || value === undefined) return [];
      const parts = typeof value === "string" ? value.split(splitter) : value;
      return unique(parts.map((scope) => scope.trim()).filter(Boolean));
    },
  };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/**
 * `a,b,c`: TikTok and Meta. Parsing also tolerates spaces after commas.
 * @group OAuth
 */
export const commaSeparatedScopes: ScopeStyle = createScopeStyle(",", /[,\s]+/);

/**
 * `a b c`: Google and RFC 6749 §3.3.
 * @group OAuth
 */
export const spaceSeparatedScopes: ScopeStyle = createScopeStyle(" ", /\s+/);

/**
 * The scopes in `required` that are not in `granted`, in the order of `required`.
 * @group OAuth
 */
export function missingScopes(granted: readonly string[], required: readonly string[]): string[] {
  const have = new Set(granted);
  return required.filter((scope) => !have.has(scope));
}

/**
 * Throws a {@link ScopeError} naming every missing scope when `granted` does not cover `required`.
 * Call it before a request, so the app learns which scope to add instead of getting a 401 later.
 *
 * @param operation what needs the scopes, for the message (e.g. `"read the channel"`).
 * @group OAuth
 * @throws {@link ScopeError} naming the missing scopes.
 */
export function assertScopes(
  platform: string,
  granted: readonly string[],
  required: readonly string[],
  operation: string,
): void {
  const missing = missingScopes(granted, required);
  if (missing.length === 0) return;
  throw new ScopeError(
    `${platform}: to ${operation} the token needs the scope${missing.length > 1 ? "s" : ""} ${missing.join(", ")}, ` +
      "which the user did not grant.",
    {
      platform,
      missing,
      granted,
      hint: "Add them to the authorization request and have the user connect the account again.",
    },
  );
}
