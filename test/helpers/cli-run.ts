// A long-running `idmefv2` command (convert --follow, ...) started as a user would, to stop or kill.
import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";

export interface CliRun {
  readonly child: ChildProcess;
  /** Everything it wrote to stderr so far. */
  readonly stderr: () => string;
  readonly exit: Promise<number | null>;
}

/** Starts the compiled CLI with `args` in `dir` (stdout ignored, stderr kept). */
export function startCliRun(dir: string, args: readonly string[]): CliRun {
  const child = spawn(process.execPath, [resolve("dist/cli/main.js"), ...args], { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<number | null>((res) => child.on("exit", (code) => res(code)));
  return { child, stderr: () => stderr, exit };
}

/** SIGKILL, as a crash or `kill -9` would, and waits for it to be gone. */
export async function hardKill(run: CliRun): Promise<void> {
  run.child.kill("SIGKILL");
  await run.exit;
}

/** Kills it if still running (a failed assertion must not leave it keeping the test process alive). */
export function killIfRunning(run: CliRun | undefined): void {
  if (run !== undefined && run.child.exitCode === null && run.child.signalCode === null) run.child.kill("SIGKILL");
}
