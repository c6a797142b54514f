// @ts-check
// One clear message per failure, from core's typed errors: the code says what happened, `next`
// says what the user can do about it (reconnect, wait, or let the outcome be reconciled).
import { ErrorCode, PostkitError } from "@postkit/core";

/**
 * @param {unknown} error
 * @returns {{ message: string; hint: string | undefined }}
 */
export function describeFailure(error) {
  if (!PostkitError.isInstance(error)) {
    // Not postkit's: its text may hold anything, so it stays in the server log only.
    console.error(error);
    return { message: "Something went wrong on the server.", hint: "See the dashboard's log." };
  }
  const { code, next, hint } = error;
  if (code === ErrorCode.MISSING_SCOPES) {
    return {
      message: `Missing permission: ${error.message}`,
      hint: "Reconnect the account and grant every permission asked for.",
    };
  }
  if (
    code === ErrorCode.ACCESS_TOKEN_INVALID ||
    code === ErrorCode.REAUTH_REQUIRED ||
    next === "after-reconnect"
  ) {
    return {
      message: `Connection expired: ${error.message}`,
      hint: "Reconnect the account, then publish again.",
    };
  }
  if (code === ErrorCode.RATE_LIMITED) {
    const wait = error.retryAfterMs
      ? ` Try again in ${Math.ceil(error.retryAfterMs / 1000)} s.`
      : " Try again later.";
    return { message: `Limit reached: ${error.message}`, hint: `${hint ?? ""}${wait}`.trim() };
  }
  if (next === "reconcile-first") {
    return {
      message: `Outcome unknown, being reconciled: ${error.message}`,
      hint: "Do not publish again until the platform says whether the post exists.",
    };
  }
  if (code === ErrorCode.OAUTH_ACCESS_DENIED) {
    return { message: `Connection refused: ${error.message}`, hint: "Connect again and choose Authorize." };
  }
  return { message: error.message, hint };
}
