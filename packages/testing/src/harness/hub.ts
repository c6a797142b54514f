import type { RequestHandler } from "msw";
import { Dispatcher } from "./dispatch.js";
import type { BaseUrlsOf, PlatformEmulator } from "./emulator.js";
import { type FaultPresetName, type FaultPresetOptions, type FaultRule, FaultSet } from "./faults.js";
import { createHubFetch } from "./fetch.js";
import { createMswHandlers } from "./msw.js";
import { type EmulatorServer, type ListenOptions, startServer } from "./node-server.js";
import { RequestLog, type RequestLogEntry, type RequestLogFilter } from "./request-log.js";
import { type Mount, realMount, resolveRoute } from "./routes.js";

/** @see EmulatorHub.faults */
export interface FaultControls {
  /** Adds a rule; rules are tried in the order they were added. */
  add(rule: FaultRule): void;
  /**
   * Switches on a named fault (see {@link FaultPresetName}) on every emulator that offers it, or
   * on `options.platform`'s; each answers in its platform's shape. Throws when none offers it.
   */
  preset(name: FaultPresetName, options?: FaultPresetOptions): void;
  /** Removes every rule. */
  clear(): void;
  /** Rules that can still fire: 0 once every rule fired its `times`. */
  pending(): number;
}

/** @see EmulatorHub.log */
export interface RequestLogView {
  /** A snapshot, oldest first. */
  entries(): readonly RequestLogEntry[];
  /** Forgets every entry, e.g. between the arrange and act steps of a test. */
  clear(): void;
  /** How many entries match every given field (all of them without a filter). */
  count(filter?: RequestLogFilter): number;
}

/**
 * Routes requests to a set of emulators, whichever way they arrive: an injected `fetch`, msw
 * handlers for the real hosts, or a loopback HTTP server. Faults and the request log apply to all
 * three alike.
 * @typeParam TEmulator the hub's emulators, so the loopback server's `baseUrls` are typed per platform.
 */
export interface EmulatorHub<TEmulator extends PlatformEmulator = PlatformEmulator> {
  /** The emulators this hub routes to, in the order given to {@link createEmulatorHub}. */
  readonly emulators: readonly TEmulator[];
  /** The emulator of `platform`; throws if the hub has none. */
  emulator<T extends PlatformEmulator>(platform: string): T;
  /**
   * A `fetch` that answers from the emulators in-process. Routes by URL prefix: the real hosts of
   * `defaultBaseUrls`, and the URLs of every loopback server while it listens. Never follows
   * redirects (a 3xx is returned as is). An unknown URL rejects with a `TypeError` naming it; a
   * dropped connection rejects with `TypeError("fetch failed")`.
   */
  readonly fetch: typeof globalThis.fetch;
  /** Fault injection. */
  readonly faults: FaultControls;
  /** Every request any transport delivered, with secrets redacted. */
  readonly log: RequestLogView;
  /** Handlers for the real hosts, for `setupServer(...hub.mswHandlers())`. */
  mswHandlers(): RequestHandler[];
  /** Starts a loopback HTTP server (default `127.0.0.1`, a free port). */
  listen(options?: ListenOptions): Promise<EmulatorServer<BaseUrlsOf<TEmulator>>>;
}

/** A hub over `emulators`; each platform may appear once. */
export function createEmulatorHub<TEmulators extends PlatformEmulator[]>(
  ...emulators: TEmulators
): EmulatorHub<TEmulators[number]> {
  const list = Object.freeze([...emulators]);
  const seen = new Set<string>();
  for (const emulator of list) {
    if (seen.has(emulator.platform)) throw new Error(`Two emulators for platform "${emulator.platform}"`);
    if (!/^[a-z0-9][a-z0-9-]*$/.test(emulator.platform)) {
      // It is a path segment on the loopback server.
      throw new Error(
        `Emulator platform "${emulator.platform}" must be lower-case letters, digits and dashes`,
      );
    }
    seen.add(emulator.platform);
  }

  const faults = new FaultSet();
  const log = new RequestLog();
  const dispatcher = new Dispatcher(faults, log);
  const real = realMount(list);
  const servers: Mount[] = [];
  const resolveAnywhere = (url: URL) => resolveRoute(url, list, [real, ...servers]);
  const resolveReal = (url: URL) => resolveRoute(url, list, [real]);

  return {
    emulators: list,
    emulator<T extends PlatformEmulator>(platform: string): T {
      const found = list.find((emulator) => emulator.platform === platform);
      if (!found) {
        const known = list.map((emulator) => emulator.platform).join(", ") || "none";
        throw new Error(`No "${platform}" emulator in this hub (has: ${known})`);
      }
      return found as T;
    },
    fetch: createHubFetch(dispatcher, resolveAnywhere),
    faults: {
      add: (rule) => faults.add(rule),
      preset(name, options = {}) {
        const targets = list.filter(
          (emulator) => options.platform === undefined || emulator.platform === options.platform,
        );
        const offered = targets.flatMap((emulator) => {
          const rules = emulator.faultPreset?.(name, options);
          return rules === undefined ? [] : [rules];
        });
        if (offered.length === 0) {
          throw new Error(
            `No emulator in this hub offers the fault preset "${name}"${options.platform ? ` on ${options.platform}` : ""}`,
          );
        }
        for (const rule of offered.flat()) faults.add(rule);
      },
      clear: () => faults.clear(),
      pending: () => faults.pending(),
    },
    log: {
      entries: () => log.entries(),
      clear: () => log.clear(),
      count: (filter) => log.count(filter),
    },
    mswHandlers: () => createMswHandlers(list, dispatcher, resolveReal),
    listen: (options) =>
      startServer<BaseUrlsOf<TEmulators[number]>>(
        {
          emulators: list,
          dispatcher,
          resolve: (url, mount) => resolveRoute(url, list, [mount]),
          attach: (mount) => void servers.push(mount),
          detach: (mount) => {
            const index = servers.indexOf(mount);
            if (index >= 0) servers.splice(index, 1);
          },
        },
        options,
      ),
  };
}
