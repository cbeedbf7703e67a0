// Runs the compiled `idmefv2 listen` as a user would, and reads back what it prints on stderr: the
// bound ports ("listening on tcp://127.0.0.1:PORT") and, with --stats, the books.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";

export const CLI = "dist/cli/main.js";

/** Polls `check` until it returns true; generous timeout so a loaded machine does not fail it. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface ListenRun {
  readonly child: ChildProcess;
  /** Everything it wrote to stderr so far. */
  stderr(): string;
  /** Its exit code, once it exits. */
  readonly exited: Promise<number | null>;
  /** The port it bound for the first address of this transport. */
  port(transport: "udp" | "tcp"): number;
}

/** Starts `idmefv2 listen ARGS` and resolves once it prints the addresses it listens on. */
export async function startListen(args: readonly string[]): Promise<ListenRun> {
  assert.ok(existsSync(CLI), "run `npm run build` first: this test runs the compiled CLI");
  const child = spawn(process.execPath, [CLI, "listen", ...args], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  await waitFor(() => /listening on /.test(stderr) || child.exitCode !== null, "the listening line");
  assert.match(stderr, /listening on /);
  return {
    child,
    stderr: () => stderr,
    exited,
    port: (transport) => Number(new RegExp(`${transport}://127\\.0\\.0\\.1:(\\d+)`).exec(stderr)![1]),
  };
}
