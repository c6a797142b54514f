// Runs the Hono example on Node: `pnpm start`, then open http://localhost:8787/connect/tiktok.
import { FileTokenStore } from "@postkit/core/node";
import { createExamplePlatforms } from "@postkit/example-platforms";
import { serve } from "@hono/node-server";
import { postkitRoutes } from "./app.js";

const tokenStore = new FileTokenStore({ directory: ".postkit/tokens" });
const platforms = await createExamplePlatforms({ tokenStore, consent: "page" });
const sessionSecret = process.env.SESSION_SECRET ?? "dev-only-session-secret-change-me-0123456789";
const port = Number(new URL(platforms.publicUrl).port || 8787);
serve({ fetch: postkitRoutes({ platforms, sessionSecret }).fetch, port });
console.log(`Listening on ${platforms.publicUrl}: open ${platforms.publicUrl}/connect/tiktok`);
