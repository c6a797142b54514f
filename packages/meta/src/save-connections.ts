// Internal: saving what a login connected to the app's token store, for both Meta clients.
import { replaceStoredTokens, StoreError, type TokenSet, type TokenStore } from "@postkit/core";

/**
 * Saves each connection's credentials under its account's credential key (nothing without a
 * store). A failure is a `StoreError`: the login worked, but the user must connect again.
 * @internal
 */
export async function saveConnections(
  store: TokenStore | undefined,
  connections: readonly { account: { credentialKey: string }; credentials: TokenSet }[],
): Promise<void> {
  if (!store) return;
  for (const { account, credentials } of connections) {
    await replaceStoredTokens(store, account.credentialKey, credentials).catch((cause: unknown) => {
      throw new StoreError(`The token store could not save "${account.credentialKey}".`, {
        store: "tokens",
        hint: "The login worked but its tokens were not saved: have the user connect again once the store works.",
        cause,
      });
    });
  }
}
