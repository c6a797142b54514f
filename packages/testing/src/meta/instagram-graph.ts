// graph.instagram.com, the host of Instagram Login accounts: the unversioned token endpoints
// (`/access_token`, `/refresh_access_token`) and the versioned API (`/{version}/…`).
import type { EmulatorContext } from "../harness/emulator.js";
import { graphError } from "./errors.js";
import { authenticateInstagram, instagramLongLived, instagramRefresh } from "./instagram-oauth.js";
import { instagramPublishing } from "./instagram-publishing.js";
import { instagramUserNode } from "./routes/instagram-profile.js";
import type { MetaState } from "./state.js";

const VERSIONED = /^\/(v\d+\.\d+)(\/.*)$/;

/** Answers a request on the `instagramGraph` role; an unknown path is Graph's unsupported-request error. */
export async function instagramGraph(
  state: MetaState,
  request: Request,
  context: EmulatorContext,
): Promise<Response> {
  if (request.method === "GET" && context.path === "/access_token") return instagramLongLived(state, request);
  if (request.method === "GET" && context.path === "/refresh_access_token")
    return instagramRefresh(state, request);
  const versioned = VERSIONED.exec(context.path);
  const path = versioned?.[2];
  if (path === undefined) return graphError(400, 2500, "Unknown path components", { type: "OAuthException" });
  const auth = authenticateInstagram(state.instagram, state.clock, request);
  if (auth instanceof Response) return auth;
  const ruploadUrl = (id: string) =>
    context.urlFor("rupload", `/ig-api-upload/${versioned?.[1]}/${encodeURIComponent(id)}`);
  const published = await instagramPublishing(
    state,
    { host: "instagram", scopes: auth.scopes },
    request,
    path,
    ruploadUrl,
  );
  if (published) return published;
  const id = /^\/([^/]+)$/.exec(path)?.[1];
  if (request.method === "GET" && id) {
    const found = instagramUserNode(state.instagram.account, auth.scopes, id, request);
    if (found) return found;
  }
  return graphError(
    400,
    100,
    `(#100) Unsupported ${request.method.toLowerCase()} request: the object does not exist or this operation is not supported`,
    { subcode: 33 },
  );
}
