import {
  type Connection,
  createCredentialSource,
  ErrorCode,
  isPostkitError,
  MemoryTokenStore,
} from "@postkit/core";
import { describe, expect, it } from "vitest";
import type { MetaAccount } from "../src/index.js";
import { requirePageToken } from "../src/page-token.js";
import { login, setup } from "./support.js";

const expectInvalid = (run: () => unknown, message: RegExp) => {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(isPostkitError(thrown, ErrorCode.INVALID_INPUT)).toBe(true);
  expect((thrown as Error).message).toMatch(message);
};

describe("requirePageToken", () => {
  it("accepts the Page and Page-linked Instagram connections connect() returns, refuses the user token", async () => {
    const { hub, meta } = setup("fetch");
    const { result } = await login(meta, hub.fetch, ["pages_show_list", "instagram_basic"]);
    const [page, ig, other] = result.accounts;
    expect(requirePageToken(page!)).toMatchObject({ token_kind: "page", page_id: page!.account.id });
    expect(requirePageToken(ig!)).toMatchObject({ page_id: page!.account.id });
    // The login's user token on a Page: refused before anything is sent.
    expectInvalid(
      () => requirePageToken({ account: page!.account, credentials: result.tokens }),
      /user token/,
    );
    // Another Page's token: refused.
    expectInvalid(
      () => requirePageToken({ account: page!.account, credentials: other!.credentials }),
      /another Page/,
    );
    // Tokens loaded later (inside withAccessToken) are checked the same way.
    expectInvalid(() => requirePageToken({ account: page!.account }, result.tokens), /user token/);
  });

  it("defers when the tokens are not at hand yet, refuses accounts without a Page", () => {
    const account: MetaAccount = {
      platform: "facebook",
      id: "1",
      displayName: "A Page",
      credentialKey: "facebook:1",
    };
    expect(requirePageToken({ account })).toBeUndefined();
    const source = createCredentialSource({
      key: account.credentialKey,
      store: new MemoryTokenStore(),
      renewal: "none",
      renew: () => Promise.reject(new Error("no renewal")),
    });
    expect(requirePageToken({ account, credentials: source })).toBeUndefined();
    const pageTokens = {
      accessToken: "t",
      tokenType: "bearer",
      scopes: [],
      raw: { token_kind: "page", page_id: "1" },
    };
    const igLogin: Connection<MetaAccount> = {
      account: { ...account, platform: "instagram", credentialKey: "instagram:1", login: "instagram" },
      credentials: pageTokens,
    };
    expectInvalid(() => requirePageToken(igLogin), /Instagram Login/);
    expectInvalid(
      () =>
        requirePageToken({ account: { ...account, platform: "tiktok" } as never, credentials: pageTokens }),
      /not a Facebook Page/,
    );
    expect(requirePageToken({ account, credentials: pageTokens })).toEqual({
      token_kind: "page",
      page_id: "1",
      tasks: [],
    });
  });
});
