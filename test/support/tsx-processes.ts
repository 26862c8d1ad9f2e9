// Child processes running our TypeScript the way `tsx file.ts` does, for tests that need real OS processes (the
// concurrency tests) or drive a CLI. They run as `node --import tsx` on the test's own Node binary: the native
// better-sqlite3 addon is built for it, and there is no tsx wrapper process between the test and the child, so
// killing the child kills everything it started. cwd is the repo root, so tsx finds tsconfig.json's `~/` paths.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../..");

export interface TsxProcess {
  child: ChildProcessWithoutNullStreams;
  /** The first line of stdout that matches, waiting for it; fails when the process exits first or time runs out. */
  line(matches: (line: string) => boolean, what: string, timeoutMs: number): Promise<string>;
  stderr(): string;
  /** Kills the process if it is still running and waits until it is gone. Safe to call more than once. */
  stop(): Promise<void>;
}

export type ChildEnv = Record<string, string | undefined>;

export function startTsx(file: string, args: string[], env: ChildEnv): TsxProcess {
  const child = spawn(process.execPath, ["--import", "tsx", file, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: "pipe",
  });
  const lines: string[] = [];
  let stderr = "";
  let closed = false;
  const output = createInterface({ input: child.stdout });
  output.on("line", (line) => lines.push(line));
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => {
    child.once("close", () => {
      closed = true;
      resolve();
    });
  });
  // A failed spawn also emits "close"; without a listener its "error" would be thrown.
  child.on("error", (error) => {
    stderr += `${error.message}\n`;
  });

  function line(matches: (line: string) => boolean, what: string, timeoutMs: number): Promise<string> {
    return new Promise((resolve, reject) => {
      const cleanup = () => {
        clearTimeout(timer);
        output.off("line", check);
        child.off("close", onClose);
      };
      function check() {
        const found = lines.find(matches);
        if (found === undefined) return false;
        cleanup();
        resolve(found);
        return true;
      }
      function onClose() {
        if (check()) return;
        cleanup();
        reject(new Error(`${file} exited (code ${child.exitCode}) before ${what}; stderr:\n${stderr}`));
      }
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`${file} gave no ${what} within ${timeoutMs} ms; stderr:\n${stderr}`));
      }, timeoutMs);
      output.on("line", check);
      child.on("close", onClose);
      if (!check() && closed) onClose();
    });
  }

  return {
    child,
    line,
    stderr: () => stderr,
    async stop() {
      if (!closed) child.kill("SIGKILL");
      await exited;
    },
  };
}

export interface TsxRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a script to the end, as a CLI is run; killed (and the promise rejected) when it outlives `timeoutMs`. */
export async function runTsx(file: string, args: string[], env: ChildEnv, timeoutMs = 30_000): Promise<TsxRun> {
  const run = startTsx(file, args, env);
  run.child.stdin.end();
  const stdout: string[] = [];
  run.child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk.toString()));
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${file} ${args.join(" ")} ran longer than ${timeoutMs} ms; stderr:\n${run.stderr()}`)), timeoutMs);
  });
  const finished = new Promise<number | null>((resolve) => run.child.once("close", (code) => resolve(code)));
  try {
    const code = await Promise.race([finished, timedOut]);
    return { code, stdout: stdout.join(""), stderr: run.stderr() };
  } finally {
    clearTimeout(timer);
    await run.stop();
  }
}
