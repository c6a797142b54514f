// Runs the Express example: `pnpm start`, then open http://localhost:8787/connect/tiktok.
import { FileTokenStore } from "@postkit/core/node";
import { createExamplePlatforms } from "@postkit/example-platforms";
import express from "express";
import { postkitErrors, postkitRoutes } from "./app.js";

const tokenStore = new FileTokenStore({ directory: ".postkit/tokens" });
const platforms = await createExamplePlatforms({ tokenStore, consent: "page" });
const sessionSecret = process.env.SESSION_SECRET ?? "dev-only-session-secret-change-me-0123456789";
const app = express();
app.use(postkitRoutes({ platforms, sessionSecret }), postkitErrors);
app.listen(Number(new URL(platforms.publicUrl).port || 8787), () => {
  console.log(`Listening on ${platforms.publicUrl}: open ${platforms.publicUrl}/connect/tiktok`);
});
