// The production server (server.mjs over the built app) as a child process, for tests that drive it over HTTP.
// Waits are bounded and stop() always leaves no process behind.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { TEST_API_SECRET } from "./shopify-requests";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
const SERVER = path.join(REPO_ROOT, "server.mjs");
const SERVER_BUILD = path.join(REPO_ROOT, "build/server/index.js");

/** Fails with what to do when the app has not been built (npm test builds before it runs vitest). */
export function requireBuild(): void {
  if (!existsSync(SERVER_BUILD)) {
    throw new Error(
      "build/server/index.js is missing: these tests run the built app. Build it first with `npx remix vite:build` (npm test does).",
    );
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** What a test sets for the server: NODE_ENV always, since the server takes it as given. */
export type ServerEnv = { NODE_ENV: "development" | "production" | "test" } & Record<string, string>;

/**
 * The production server's settings every test gives it: the app's credentials as the test requests sign them, and
 * the database. Tests add what they are about (PORT, TALLY_BACKGROUND_JOBS, LOG_LEVEL…).
 */
export function productionEnv(databaseUrl: string): ServerEnv {
  return {
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    SHOPIFY_API_KEY: "tally-test-key",
    SHOPIFY_API_SECRET: TEST_API_SECRET,
    SHOPIFY_APP_URL: "https://tally.example.com",
  };
}

/** Only what the server needs from this machine; everything Tally reads is given explicitly by each test. */
function childEnv(env: ServerEnv): NodeJS.ProcessEnv {
  const base: Record<string, string> = {};
  for (const name of ["PATH", "HOME", "TMPDIR", "LANG"]) {
    const value = process.env[name];
    if (value !== undefined) base[name] = value;
  }
  return { ...base, ...env };
}

export interface ServerProcess {
  child: ChildProcessWithoutNullStreams;
  output(): { stdout: string; stderr: string };
  /** Resolves with the exit code (or the signal) once the process has ended. */
  exited: Promise<number | string | null>;
  stop(): Promise<void>;
}

/** `nodeArgs` go before server.mjs, e.g. the `--import` flags `npm run demo` loads the Admin API stand-in with. */
export function spawnServer(env: ServerEnv, nodeArgs: string[] = []): ServerProcess {
  // The test's own Node: the one better-sqlite3 was built for.
  const child = spawn(process.execPath, [...nodeArgs, SERVER], { cwd: REPO_ROOT, env: childEnv(env), stdio: "pipe" });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.on("error", (error) => (stderr += `${error.message}\n`));
  const exited = new Promise<number | string | null>((resolve) => child.once("close", (code, signal) => resolve(code ?? signal)));
  let stopped: Promise<void> | undefined;
  return {
    child,
    output: () => ({ stdout, stderr }),
    exited,
    stop() {
      stopped ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
        await exited;
        clearTimeout(timer);
      })();
      return stopped;
    },
  };
}

/** Waits for the listening line; fails with the server's output if it exits or takes longer than `timeoutMs`. */
export async function waitUntilListening(server: ServerProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | string | null | undefined;
  void server.exited.then((code) => (exitCode = code));
  while (!/Tally listening on http:\/\/localhost:\d+/.test(server.output().stdout)) {
    if (exitCode !== undefined || Date.now() > deadline) {
      const { stdout, stderr } = server.output();
      throw new Error(
        `${exitCode !== undefined ? `server exited (${exitCode})` : `server not listening after ${timeoutMs} ms`}\nstdout:\n${stdout}\nstderr:\n${stderr}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Runs the server expecting it to stop by itself (a refused start); kills it if it is still up after `timeoutMs`. */
export async function runUntilExit(env: ServerEnv, timeoutMs = 30_000): Promise<{ code: number | string | null; stdout: string; stderr: string }> {
  const server = spawnServer(env);
  const timer = setTimeout(() => void server.stop(), timeoutMs);
  const code = await server.exited;
  clearTimeout(timer);
  return { code, ...server.output() };
}
