// Shared by the transport tests: sample messages, temp dirs, and `idmefv2 serve` as a child process.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));

/** A deterministic message ID for index i (so a test can list what must arrive). */
export function messageId(index: number): string {
  return `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`;
}

/** A valid 2.D.V08 message with a fresh ID (the ID is how tests find it at the other end). */
export function sampleMessage(id: string = randomUUID()): Record<string, unknown> {
  return {
    Version: "2.D.V08",
    ID: id,
    CreateTime: "2021-11-22T14:42:51.881033Z",
    Category: ["Access.Unauthorized"],
    Priority: "Medium",
    Analyzer: { IP: "127.0.0.1", Name: "transport-test", Model: "test", Category: ["SIEM.LOG"], Data: ["Log"], Method: ["Monitor"] },
  };
}

const tempDirs: string[] = [];
process.on("exit", () => {
  // IDMEFV2_KEEP_TEST_FILES=1 keeps spools, receiver output and certificates for a post-mortem.
  if (process.env["IDMEFV2_KEEP_TEST_FILES"] === undefined) for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary directory, removed when the test process exits. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `idmefv2-${prefix}-`));
  tempDirs.push(dir);
  return dir;
}

/** Polls `condition` until it holds; fails after `timeoutMs` with `what` in the message. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The IDs of the messages in an NDJSON file (a torn last line, from a SIGKILL, is ignored). */
export function idsInNdjson(file: string): string[] {
  if (!fs.existsSync(file)) return [];
  const ids: string[] = [];
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (line === "") continue;
    try {
      ids.push(String((JSON.parse(line) as { ID?: unknown }).ID));
    } catch {
      // Only the last line can be torn; anything unparsable elsewhere fails the ID checks.
    }
  }
  return ids;
}

export interface ServeProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly port: number;
  /** Everything the receiver wrote to stderr so far. */
  stderr(): string;
  /** Resolves with the exit code (or signal) once the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `idmefv2 serve <args>` and resolves once it printed the address it listens on. */
export async function startServe(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, [CLI, "serve", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, IDMEFV2_BASIC_AUTH: "", ...env },
  });
  let stderr = "";
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (text: string) => (stderr += text));
  child.stdout!.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  let gone = false;
  void exited.then(() => (gone = true));
  await waitFor(() => gone || /listening on (\S+)/.test(stderr), "`idmefv2 serve` to print its address");
  const match = /listening on (\S+)/.exec(stderr);
  if (match === null) throw new Error(`idmefv2 serve exited before listening:\n${stderr}`);
  const url = match[1]!;
  return { child, url, port: Number(new URL(url).port), stderr: () => stderr, exited };
}

/**
 * A receiver that is "down": it holds a loopback port (so no other test can take it) and cuts
 * every connection at once. `release()` frees the port for a real receiver to start there.
 */
export async function downReceiver(): Promise<{ port: number; url: string; release(): Promise<void> }> {
  const server = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}/`,
    release: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * What a spool's segments hold on disk, and the longest entry among them (the "one record" a cap
 * may be overshot by). Segments deleted while this reads are skipped.
 */
export function spoolSegmentBytes(dir: string): { bytes: number; longestEntry: number } {
  let bytes = 0;
  let longestEntry = 0;
  const names = fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => /^segment-\d{16}\.log$/.test(name)) : [];
  for (const name of names) {
    let text: Buffer;
    try {
      text = fs.readFileSync(path.join(dir, name));
    } catch {
      continue;
    }
    bytes += text.length;
    let start = 0;
    for (let end = text.indexOf(0x0a); end >= 0; end = text.indexOf(0x0a, start)) {
      longestEntry = Math.max(longestEntry, end + 1 - start);
      start = end + 1;
    }
  }
  return { bytes, longestEntry };
}
