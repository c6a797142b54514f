// GET /connect/:platform: starts the OAuth login and keeps its session in a sealed cookie.
import { sealLoginSession } from "@postkit/core";
import { answer, loginCookie, postkit } from "../../../lib/postkit";

export async function GET(_request: Request, context: { params: Promise<{ platform: string }> }) {
  return answer(async () => {
    const { platforms, sessionSecret } = await postkit();
    const platform = platforms.get((await context.params).platform);
    const { url, session } = await platform.provider.createAuthorizationUrl({ scopes: platform.scopes });
    const sealed = await sealLoginSession(session, sessionSecret);
    const secure = platform.redirectUri.startsWith("https://") ? "; Secure" : "";
    return new Response(null, {
      status: 302,
      // SameSite=Lax: the browser sends it on the platform's top-level redirect back to the callback.
      headers: {
        location: url.toString(),
        "set-cookie": `${loginCookie(platform.key)}=${sealed}; HttpOnly; SameSite=Lax; Path=/; Max-Age=600${secure}`,
      },
    });
  });
}
