// @ts-check
// Starts the dashboard: the SQLite database, the four platforms (on the embedded emulators when
// they have no credentials; their consent pages then show Authorize and Deny), and the server.
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { serve } from "@hono/node-server";
import { createExamplePlatforms, readEnv } from "@postkit/example-platforms";
import { createDashboard } from "./app.mjs";
import { openDatabase } from "./database.mjs";
import { createRepository } from "./repository.mjs";
import { SqliteTokenStore } from "./sqlite-token-store.mjs";

const file = resolve(process.env.DASHBOARD_DB ?? ".data/dashboard.db");
mkdirSync(dirname(file), { recursive: true });
const db = openDatabase(file);
const { publicUrl } = readEnv(process.env);
const port = Number(process.env.PORT ?? (new URL(publicUrl).port || 8787));
const setup = await createExamplePlatforms({ tokenStore: new SqliteTokenStore(db), consent: "page" });
const { app } = createDashboard({
  setup,
  repository: createRepository(db),
  secureCookies: publicUrl.startsWith("https://"),
});
const server = serve({ fetch: app.fetch, port, hostname: process.env.HOST ?? "127.0.0.1" }, () => {
  console.log(`Dashboard on ${publicUrl} (database ${file})`);
});

for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"])) {
  process.once(signal, () => {
    server.close();
    void setup.close().then(() => db.close());
  });
}
