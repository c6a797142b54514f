/** The marker every test secret contains. */
export const SECRET_MARKER = /s3cr3t/i;

/**
 * Where `error` shows a secret (`"message"`, `"properties"`, `"inspect"`), or `undefined`.
 * `inspect` is node:util's, passed in so this file has no imports.
 */
export function findSecretLeak(error: unknown, inspect: (value: unknown, options: object) => string): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const message = (error as { message?: unknown }).message;
  if (typeof message === "string" && SECRET_MARKER.test(message)) return "message";
  if (SECRET_MARKER.test(safeJson(error))) return "properties";
  if (SECRET_MARKER.test(inspect(error, { depth: 8, showHidden: false }))) return "inspect";
  return undefined;
}

function safeJson(value: unknown): string {
  const seen = new WeakSet<object>();
  try {
    return JSON.stringify(value, (_key, item: unknown) => {
      if (typeof item === "object" && item !== null) {
        if (seen.has(item)) return undefined;
        seen.add(item);
      }
      if (item instanceof Error) return { ...item, message: item.message, cause: item.cause };
      return item;
    });
  } catch {
    return "";
  }
}
