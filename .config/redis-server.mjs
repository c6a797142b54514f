// A throwaway redis-server for tests and benchmarks: Debian's `redis-server` on a free loopback
// port, no persistence, stopped by `stop()`. `.config/pnpm.mjs redis` (part of `npm test`)
// installs the package when it is missing.
import { spawn } from "node:child_process";
import { createServer } from "node:net";

const BINARY = process.env.REDIS_SERVER_PATH ?? "redis-server";

/** A port the kernel just handed out on 127.0.0.1 (free now; redis-server takes it right after). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts redis-server on 127.0.0.1 and a free port; resolves once it accepts connections.
 * @returns {Promise<{ port: number, url: string, pid: number, stop(): Promise<void> }>}
 */
export async function startRedisServer() {
  let lastError;
  // The port may be taken between freePort() and redis binding it: try a few.
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    try {
      return await launch(port);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

function launch(port) {
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
  args.push("--protected-mode", "yes", "--databases", "1");
  return new Promise((resolve, reject) => {
    const child = spawn(BINARY, args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const exited = new Promise((done) => child.once("exit", done));
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    };
    child.once("error", (error) => {
      reject(
        error.code === "ENOENT"
          ? new Error("redis-server is not installed: run `apt-get install -y redis-server` (npm test does).")
          : error,
      );
    });
    child.once("exit", (code) => reject(new Error(`redis-server exited (${code}) before it was ready: ${output}`)));
    const onData = (data) => {
      output += data.toString();
      if (output.includes("Ready to accept connections")) {
        child.stdout.off("data", onData);
        resolve({ port, url: `redis://127.0.0.1:${port}`, pid: child.pid, stop });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (data) => {
      output += data.toString();
    });
  });
}
