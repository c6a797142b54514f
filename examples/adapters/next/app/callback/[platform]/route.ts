// GET /callback/:platform: the redirect URI. Exchanges the code; the tokens go to the token store.
import { openLoginSession } from "@postkit/core";
import { answer, loginCookie, postkit } from "../../../lib/postkit";

export async function GET(request: Request, context: { params: Promise<{ platform: string }> }) {
  return answer(async () => {
    const { platforms, sessionSecret, accounts } = await postkit();
    const platform = platforms.get((await context.params).platform);
    const cookie = request.headers
      .get("cookie")
      ?.split(/;\s*/)
      .find((part) => part.startsWith(`${loginCookie(platform.key)}=`));
    const session = await openLoginSession(cookie?.split("=")[1], sessionSecret);
    const { accounts: connected } = await platform.provider.connect(request.url, session);
    const connection = platform.pickAccount(connected);
    if (!connection)
      return Response.json({ error: `This login returned no ${platform.name} account.` }, { status: 400 });
    accounts.set(platform.key, connection.account);
    return Response.json(
      { platform: platform.key, account: connection.account.displayName ?? connection.account.id },
      { headers: { "set-cookie": `${loginCookie(platform.key)}=; Path=/; Max-Age=0` } },
    );
  });
}
