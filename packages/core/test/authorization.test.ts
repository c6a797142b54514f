import { describe, expect, it } from "vitest";
import {
  commaSeparatedScopes,
  createAuthorizationRequest,
  createCodeChallenge,
  ErrorCode,
  hexPkce,
  OAuthError,
  spaceSeparatedScopes,
  ValidationError,
  validateCallback,
} from "@postkit/core";

describe("createAuthorizationRequest", () => {
  it("builds the URL with state, PKCE and the provider's scope style", async () => {
    const request = await createAuthorizationRequest({
      endpoint: "https://www.tiktok.com/v2/auth/authorize/",
      clientId: "ck_123",
      clientIdParam: "client_key",
      redirectUri: "https://app.example/callback",
      scopes: ["user.info.basic", "video.upload"],
      scopeStyle: commaSeparatedScopes,
      pkce: hexPkce,
      params: { disable_auto_auth: "1", skipped: undefined },
    });
    const params = request.url.searchParams;
    expect(request.url.origin + request.url.pathname).toBe("https://www.tiktok.com/v2/auth/authorize/");
    expect(params.get("client_key")).toBe("ck_123");
    expect(params.has("client_id")).toBe(false);
    expect(params.get("scope")).toBe("user.info.basic,video.upload");
    expect(params.get("response_type")).toBe("code");
    expect(params.get("state")).toBe(request.state);
    expect(params.get("code_challenge_method")).toBe("S256");
    expect(params.get("code_challenge")).toBe(await createCodeChallenge(request.codeVerifier!, hexPkce));
    expect(params.get("disable_auto_auth")).toBe("1");
    expect(params.has("skipped")).toBe(false);
  });

  it("refuses params that would replace what it sets, and malformed options, before building anything", async () => {
    const base = {
      endpoint: "https://www.tiktok.com/v2/auth/authorize/",
      clientId: "ck_123",
      clientIdParam: "client_key",
      redirectUri: "https://app.example/callback",
      scopes: ["user.info.basic"],
      scopeStyle: commaSeparatedScopes,
      pkce: hexPkce,
    } as const;
    for (const name of [
      "client_key",
      "scope",
      "response_type",
      "redirect_uri",
      "state",
      "code_challenge",
      "code_challenge_method",
    ]) {
      const error = await createAuthorizationRequest({ ...base, params: { [name]: "x" } }).catch(
        (caught: unknown) => caught,
      );
      expect(ValidationError.isInstance(error)).toBe(true);
      expect((error as ValidationError).issues).toEqual([
        { path: ["params", name], message: "is set from the options and cannot be overridden" },
      ]);
    }
    const malformed = await createAuthorizationRequest({
      ...base,
      endpoint: "not a url",
      clientId: "",
      redirectUri: "/relative",
    }).catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(malformed)).toBe(true);
    expect((malformed as ValidationError).issues.map((issue) => issue.path.join("."))).toEqual([
      "endpoint",
      "clientId",
      "redirectUri",
    ]);
  });

  it("omits PKCE when the provider has none and keeps a caller's state", async () => {
    const request = await createAuthorizationRequest({
      endpoint: "https://accounts.example/auth",
      clientId: "id",
      redirectUri: "https://app.example/cb",
      scopes: ["a", "b"],
      scopeStyle: spaceSeparatedScopes,
      pkce: false,
      state: "my-state",
    });
    expect(request.codeVerifier).toBeUndefined();
    expect(request.url.searchParams.has("code_challenge")).toBe(false);
    expect(request.url.searchParams.get("scope")).toBe("a b");
    expect(request.state).toBe("my-state");
  });
});

describe("validateCallback", () => {
  const state = "expected-state-value";

  it("returns the code and the granted scopes", () => {
    const result = validateCallback(`https://app.example/cb?code=abc&state=${state}&scopes=a,b`, {
      expectedState: state,
      scopeParam: "scopes",
      scopeStyle: commaSeparatedScopes,
    });
    expect(result.code).toBe("abc");
    expect(result.grantedScopes).toEqual(["a", "b"]);
    expect(result.params).toEqual({ state, scopes: "a,b" });
  });

  it("accepts a query string or URLSearchParams", () => {
    expect(validateCallback(`?code=x&state=${state}`, { expectedState: state }).code).toBe("x");
    // Node's req.url: a path with its query.
    expect(validateCallback(`/callback?code=z&state=${state}`, { expectedState: state }).code).toBe("z");
    expect(validateCallback(new URLSearchParams({ code: "y", state }), { expectedState: state }).code).toBe(
      "y",
    );
  });

  it("checks state before anything else", () => {
    const attempt = () => validateCallback("?error=access_denied&state=forged", { expectedState: state });
    expect(attempt).toThrow(OAuthError);
    try {
      attempt();
    } catch (error) {
      expect((error as OAuthError).code).toBe(ErrorCode.OAUTH_STATE_MISMATCH);
    }
    expect(() => validateCallback("?code=x", { expectedState: state })).toThrow(/state/);
  });

  it("types a denial, another error and a missing code", () => {
    const codeOf = (query: string) => {
      try {
        validateCallback(query, { expectedState: state });
      } catch (error) {
        return (error as OAuthError).code;
      }
      return undefined;
    };
    expect(codeOf(`?error=access_denied&state=${state}`)).toBe(ErrorCode.OAUTH_ACCESS_DENIED);
    expect(codeOf(`?error=invalid_scope&error_description=bad&state=${state}`)).toBe(
      ErrorCode.OAUTH_CALLBACK_ERROR,
    );
    expect(codeOf(`?state=${state}`)).toBe(ErrorCode.OAUTH_MISSING_CODE);
  });

  it("refuses to run without an expected state", () => {
    expect(() => validateCallback("?code=x&state=", { expectedState: "" })).toThrow(ValidationError);
  });
});
