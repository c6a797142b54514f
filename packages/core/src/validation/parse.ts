import * as z from "zod/mini";
import type { $ZodIssue, $ZodType } from "zod/v4/core";
import { ResponseShapeError } from "../errors/response-shape-error.js";
import { ValidationError, type ValidationIssue } from "../errors/validation-error.js";
import { redactValue } from "../http/redact.js";

/**
 * Any zod 4 schema (classic or mini) whose parsed output is `T`.
 * @group Validation
 */
export type Schema<T> = $ZodType<T>;

function toIssues(issues: readonly $ZodIssue[]): ValidationIssue[] {
  return issues.map((issue) => ({
    path: issue.path.map((segment) => (typeof segment === "symbol" ? String(segment) : segment)),
    message: issue.message,
  }));
}

function describe(issues: readonly ValidationIssue[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}

/**
 * Validates app input; throws a {@link ValidationError} naming each problem. Call it before any request.
 *
 * @param what a short name for the input in the message, e.g. `"TikTok post options"`.
 * @group Validation
 * @throws {@link ValidationError} naming each invalid field.
 */
export function parseInput<T>(schema: Schema<T>, input: unknown, what: string): T {
  const result = z.safeParse(schema, input);
  if (result.success) return result.data;
  const issues = toIssues(result.error.issues);
  throw new ValidationError(`Invalid ${what}: ${describe(issues)}`, { issues });
}

/**
 * Validates a platform response; throws a {@link ResponseShapeError} that carries the issues and the
 * redacted body when it does not have the documented shape.
 *
 * @group Validation
 * @throws {@link ResponseShapeError} when the response does not have the expected shape.
 */
export function parseResponse<T>(
  schema: Schema<T>,
  body: unknown,
  context: {
    what: string;
    status?: number | undefined;
    /** Literal secrets of the request (token, code, client secret) to scrub from the body. */
    secrets?: readonly string[] | undefined;
  },
): T {
  const result = z.safeParse(schema, body);
  if (result.success) return result.data;
  const issues = toIssues(result.error.issues);
  throw new ResponseShapeError(`Unexpected ${context.what} response: ${describe(issues)}`, {
    issues,
    body: redactValue(body, context.secrets),
    status: context.status,
  });
}
