// Instagram publishing on both hosts: graph.facebook.com (Facebook Login: the linked Page's token,
// instagram_basic, instagram_content_publish, pages_read_engagement) and graph.instagram.com
// (Instagram Login: instagram_business_basic, instagram_business_content_publish)
// (https://developers.facebook.com/docs/instagram-platform/content-publishing/). Routes the
// container, publish, limit and media paths; anything else is left to the other routes.
import { graphError, missingPermission } from "./errors.js";
import { grants } from "./oauth.js";
import { containerNode, createContainer, listMedia, mediaNode } from "./routes/instagram-media.js";
import { publishingLimit, publishMedia } from "./routes/instagram-publish.js";
import type { IssuedToken, MetaState } from "./state.js";

/** Who calls: a Facebook Login token on graph.facebook.com, or Instagram Login's on graph.instagram.com. */
export type InstagramCaller =
  | { host: "facebook"; token: IssuedToken }
  | { host: "instagram"; scopes: readonly string[] };

/** The Instagram account a call acts on, once the caller may act on it. @internal */
export interface ActingAccount {
  igUserId: string;
  host: "facebook" | "instagram";
  /** The linked Page (Facebook Login), whose token may send rupload bytes. */
  pageId?: string | undefined;
  username: string;
}

const SCOPES = {
  facebook: {
    read: ["instagram_basic"],
    write: ["instagram_basic", "instagram_content_publish", "pages_read_engagement"],
  },
  instagram: {
    read: ["instagram_business_basic"],
    write: ["instagram_business_basic", "instagram_business_content_publish"],
  },
} as const;

/** The account `igUserId` if the caller may act on it; a Graph error if not; `undefined` if it is no Instagram account here. */
export function actingAccount(
  state: MetaState,
  caller: InstagramCaller,
  igUserId: string,
  access: "read" | "write",
): ActingAccount | Response | undefined {
  if (caller.host === "instagram") {
    const account = state.instagram.account;
    if (account.id !== igUserId) return undefined;
    const missing = SCOPES.instagram[access].find((scope) => !caller.scopes.includes(scope));
    if (missing) return missingPermission(missing);
    return { igUserId, host: "instagram", username: account.username };
  }
  const owner = state.pages.find((page) => page.instagram?.id === igUserId);
  if (!owner?.instagram) return undefined;
  const { token } = caller;
  if (token.kind === "page" && token.pageId !== owner.id) {
    return graphError(403, 10, "(#10) Application does not have permission for this action");
  }
  const missing = SCOPES.facebook[access].find((scope) => !grants(state, token.scopes, scope));
  if (missing) return missingPermission(missing);
  return { igUserId, host: "facebook", pageId: owner.id, username: owner.instagram.username };
}

/** One request on an Instagram publishing path; `undefined` when the path is not one. */
export async function instagramPublishing(
  state: MetaState,
  caller: InstagramCaller,
  request: Request,
  path: string,
  ruploadUrl: (containerId: string) => string,
): Promise<Response | undefined> {
  const edge = /^\/([A-Za-z0-9_]+)\/(media|media_publish|content_publishing_limit)$/.exec(path);
  if (edge) {
    const [, id, name] = edge as unknown as [string, string, string];
    const write = request.method === "POST";
    const account = actingAccount(state, caller, id, write ? "write" : "read");
    if (account === undefined || account instanceof Response) return account;
    const params = await paramsOf(request);
    if (name === "media" && write) return createContainer(state, account, params, ruploadUrl);
    if (name === "media" && request.method === "GET") return listMedia(state, account, params);
    if (name === "media_publish" && write) return publishMedia(state, account, params);
    if (name === "content_publishing_limit" && request.method === "GET")
      return publishingLimit(state, account, params);
    return undefined;
  }
  const node = /^\/([A-Za-z0-9_]+)$/.exec(path)?.[1];
  if (!node || request.method !== "GET") return undefined;
  const params = new URL(request.url).searchParams;
  const container = state.instagramPublishing.containers.get(node);
  const owner = container?.igUserId ?? state.instagramPublishing.media.get(node)?.igUserId;
  if (!owner) return undefined;
  const account = actingAccount(state, caller, owner, "read");
  if (account === undefined)
    return graphError(400, 100, "(#100) The object does not exist or this operation is not supported", {
      subcode: 33,
    });
  if (account instanceof Response) return account;
  return container ? containerNode(state, container, params) : mediaNode(state, node, params);
}

/** The query and, for a POST, the form body (Graph takes parameters in either). */
async function paramsOf(request: Request): Promise<URLSearchParams> {
  const params = new URL(request.url).searchParams;
  if (request.method !== "POST") return params;
  const type = request.headers.get("content-type") ?? "";
  if (type.includes("application/x-www-form-urlencoded")) {
    for (const [name, value] of new URLSearchParams(await request.text())) params.set(name, value);
  } else if (type.includes("application/json")) {
    const body = (await request.json().catch(() => ({}))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(body))
      params.set(name, typeof value === "string" ? value : JSON.stringify(value));
  }
  return params;
}
