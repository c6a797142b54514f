import { ConnectionDrop } from "./emulator.js";
import { type FaultRule, type FaultSet, faultResponse, withFaultHeaders } from "./faults.js";
import { redactSecrets } from "./redact.js";
import type { RequestLog } from "./request-log.js";
import { contextFor, type Route } from "./routes.js";

/**
 * What became of one request, before the transport (fetch, msw, socket) acts on it. The
 * transports differ only in how they deliver a response or a drop; faults, emulator calls and
 * error handling live here once.
 */
export type Outcome =
  | { kind: "response"; response: Response; fault: boolean; error?: string }
  | {
      kind: "drop";
      /** `emulator`: the emulator threw {@link ConnectionDrop}; the others come from a fault. */
      when: "before-response" | "mid-body" | "emulator";
      cause: ConnectionDrop;
      fault: boolean;
    };

/** Applies faults, calls emulators and records the log, for all transports of one hub. */
export class Dispatcher {
  readonly faults: FaultSet;
  readonly log: RequestLog;

  constructor(faults: FaultSet, log: RequestLog) {
    this.faults = faults;
    this.log = log;
  }

  /** The outcome of `request` on `route`. Never rejects: emulator errors become a 500. */
  async dispatch(request: Request, route: Route): Promise<Outcome> {
    const platform = route.emulator.platform;
    const rule = this.faults.take({ platform, role: route.role, method: request.method, path: route.path });
    rule?.effect?.();
    // A slow response ends early when the client gives up (or the server closes): the emulator
    // then never sees the request, as with a real server whose client left during the wait.
    if (rule?.delayMs && !(await delay(rule.delayMs, request.signal))) {
      return {
        kind: "drop",
        when: "before-response",
        cause: new ConnectionDrop("the client left during a delay fault"),
        fault: true,
      };
    }
    if (rule?.drop === "after-response") {
      // The write happens; only its answer is lost.
      const outcome = await this.#callEmulator(request, route, rule);
      if (outcome.kind === "response") await outcome.response.body?.cancel().catch(() => undefined);
      return {
        kind: "drop",
        when: "before-response",
        cause: new ConnectionDrop("fault: the response was lost after the emulator handled the request"),
        fault: true,
      };
    }
    if (rule?.drop) {
      return {
        kind: "drop",
        when: rule.drop,
        cause: new ConnectionDrop(`fault: drop ${rule.drop}`),
        fault: true,
      };
    }
    if (rule?.status !== undefined)
      return { kind: "response", response: faultResponse(rule, rule.status), fault: true };
    return this.#callEmulator(request, route, rule);
  }

  /** Records the finished request; `status` is `undefined` for a drop. */
  record(request: Request, route: Route, at: number, status: number | undefined, outcome: Outcome): void {
    this.log.record({
      platform: route.emulator.platform,
      role: route.role,
      method: request.method,
      path: route.path,
      url: new URL(request.url),
      status,
      fault: outcome.fault,
      at,
      error: outcome.kind === "response" ? outcome.error : undefined,
    });
  }

  async #callEmulator(
    request: Request,
    route: Route,
    rule: Readonly<FaultRule> | undefined,
  ): Promise<Outcome> {
    try {
      const response = await route.emulator.handle(request, contextFor(route));
      return { kind: "response", response: rule ? withFaultHeaders(response, rule) : response, fault: false };
    } catch (error) {
      if (isConnectionDrop(error)) return { kind: "drop", when: "emulator", cause: error, fault: false };
      const message = redactSecrets(error instanceof Error ? error.message : String(error));
      const body = JSON.stringify({
        error: {
          code: "emulator_error",
          message: `${route.emulator.platform} emulator threw on ${request.method} ${route.role}${route.path}: ${message}`,
        },
      });
      const response = new Response(body, {
        status: 500,
        headers: { "content-type": "application/json; charset=utf-8" },
      });
      return { kind: "response", response, fault: false, error: message };
    }
  }
}

// By name too: with both the ESM and the CJS build loaded, there are two ConnectionDrop classes.
function isConnectionDrop(error: unknown): error is ConnectionDrop {
  return error instanceof ConnectionDrop || (error instanceof Error && error.name === "ConnectionDrop");
}

/** Waits `ms`; resolves `false` at once if `signal` aborts first. */
function delay(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
