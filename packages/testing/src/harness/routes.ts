import type { EmulatorContext, PlatformEmulator } from "./emulator.js";

/**
 * One way requests reach the emulators: the real hosts (injected fetch, msw) or one loopback
 * server. A mount gives every emulator role a base URL, so `urlFor` can hand out URLs that come
 * back the same way the request arrived.
 */
export interface Mount {
  /** The base URL of `role` of `platform` on this mount, without a trailing slash. */
  baseUrl(platform: string, role: string): string | undefined;
  /** Other base URLs `role` of `platform` answers on (its `hostAliases`); none by default. */
  aliases?(platform: string, role: string): readonly string[];
}

/** Where a request goes: the emulator, its role, and the path below the role's base URL. */
export interface Route {
  emulator: PlatformEmulator;
  role: string;
  /** Starts with `/`, no query. */
  path: string;
  mount: Mount;
  /** See {@link EmulatorContext.contentLengthReliable}. */
  contentLengthReliable?: boolean;
}

/** A base URL in the form prefixes are compared in: normalized by `URL`, no trailing slash. */
export function normalizeBase(base: string): string {
  const url = new URL(base);
  return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
}

/** The mount of the real hosts: each emulator's `defaultBaseUrls`. */
export function realMount(emulators: readonly PlatformEmulator[]): Mount {
  const bases = new Map<string, Record<string, string>>();
  const aliases = new Map<string, Record<string, string[]>>();
  for (const emulator of emulators) {
    const roles: Record<string, string> = {};
    for (const [role, base] of Object.entries(emulator.defaultBaseUrls)) roles[role] = normalizeBase(base);
    bases.set(emulator.platform, roles);
    const extra: Record<string, string[]> = {};
    for (const [role, list] of Object.entries(emulator.hostAliases ?? {})) {
      if (Object.hasOwn(roles, role)) extra[role] = list.map(normalizeBase);
    }
    aliases.set(emulator.platform, extra);
  }
  return {
    baseUrl: (platform, role) => bases.get(platform)?.[role],
    aliases: (platform, role) => aliases.get(platform)?.[role] ?? [],
  };
}

/** The mount of a loopback server at `origin`: `<origin>/<platform>/<role>`. */
export function loopbackMount(origin: string, emulators: readonly PlatformEmulator[]): Mount {
  return {
    baseUrl(platform, role) {
      const emulator = emulators.find((candidate) => candidate.platform === platform);
      if (!emulator || !Object.hasOwn(emulator.defaultBaseUrls, role)) return undefined;
      return `${origin}/${encodeURIComponent(platform)}/${encodeURIComponent(role)}`;
    },
  };
}

/**
 * The route of `url` among `mounts`: the role whose base URL is the longest prefix of the URL,
 * ending at a path boundary (so `https://api.x.com` does not match `https://api.x.com.evil`).
 */
export function resolveRoute(
  url: URL,
  emulators: readonly PlatformEmulator[],
  mounts: readonly Mount[],
): Route | undefined {
  const target = `${url.origin}${url.pathname}`;
  let best: (Route & { length: number }) | undefined;
  for (const mount of mounts) {
    for (const emulator of emulators) {
      for (const role of Object.keys(emulator.defaultBaseUrls)) {
        const main = mount.baseUrl(emulator.platform, role);
        const bases = [
          ...(main === undefined ? [] : [main]),
          ...(mount.aliases?.(emulator.platform, role) ?? []),
        ];
        for (const base of bases) {
          if (!target.startsWith(base)) continue;
          const rest = target.slice(base.length);
          if (rest !== "" && !rest.startsWith("/")) continue;
          if (best && best.length >= base.length) continue;
          best = { emulator, role, path: rest || "/", mount, length: base.length };
        }
      }
    }
  }
  if (!best) return undefined;
  const { length: _length, ...route } = best;
  return route;
}

/** The context an emulator gets for a request on `route`. */
export function contextFor(route: Route): EmulatorContext {
  const { emulator, mount } = route;
  return {
    role: route.role,
    path: route.path,
    contentLengthReliable: route.contentLengthReliable ?? false,
    urlFor(role, pathAndQuery) {
      const base = mount.baseUrl(emulator.platform, role);
      if (base === undefined) throw new Error(`${emulator.platform} emulator has no role "${role}"`);
      if (pathAndQuery === "") return base;
      return /^[/?#]/.test(pathAndQuery) ? base + pathAndQuery : `${base}/${pathAndQuery}`;
    },
  };
}
