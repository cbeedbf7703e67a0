// `idmefv2 listen` under a TCP connection flood (issue 11 item 10): 512 connections that never send
// a byte, 64 from each of 8 addresses, fill the default caps, and reconnect whenever they are
// closed; a real sender (a net client and util-linux `logger`) must still get every line through.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { startListen, waitFor } from "../helpers/listen-cli.js";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const LOGGER = "/usr/bin/logger";
// Skipped only on a developer machine without logger: CI (.ci/run installs bsdutils) must run it.
const NO_LOGGER = !existsSync(LOGGER) && process.env["CI"] === undefined ? "util-linux logger is not installed" : false;

function run(command: string, args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

/** Connections from `address` that send nothing and come back whenever they are closed. */
class Flood {
  readonly sockets = new Set<Socket>();
  connected = 0;
  reconnects = 0;
  private stopped = false;

  constructor(
    private readonly port: number,
    private readonly address: string,
  ) {}

  open(): void {
    if (this.stopped) return;
    // Linux routes all of 127/8 to lo: each flood address is a real, distinct source address.
    const socket = connect({ port: this.port, host: "127.0.0.1", localAddress: this.address });
    this.sockets.add(socket);
    socket.on("error", () => undefined);
    socket.once("connect", () => this.connected++);
    socket.once("close", () => {
      this.sockets.delete(socket);
      if (this.stopped) return;
      this.reconnects++;
      setTimeout(() => this.open(), 20);
    });
  }

  stop(): void {
    this.stopped = true;
    for (const socket of this.sockets) socket.destroy();
  }
}

test(
  "listen: 512 idle connections from 8 addresses, reconnecting when closed, do not lock a real sender out",
  { timeout: 240_000, skip: NO_LOGGER },
  async (t) => {
    const dir = mkdtempSync(join(tmpdir(), "idmefv2-listen-flood-"));
    const out = join(dir, "alerts.ndjson");
    // The default caps (512 in all, 64 per address); timeouts far beyond the test, so that only the
    // eviction at the caps can let the real sender in.
    const listen = await startListen([
      "--tcp",
      "127.0.0.1:0",
      "--out",
      out,
      "--stats",
      "-O",
      "timezone=Z",
      "--first-message-timeout",
      "600",
      "--idle-timeout",
      "600",
    ]);
    t.after(() => void listen.child.kill("SIGKILL"));
    const port = listen.port("tcp");

    const floods = Array.from({ length: 8 }, (_, i) => new Flood(port, `127.0.0.${i + 2}`));
    t.after(() => floods.forEach((f) => f.stop()));
    for (const flood of floods) for (let i = 0; i < 64; i++) flood.open();
    await waitFor(() => floods.every((f) => f.connected >= 64), "512 flood connections", 60_000);
    // Let the listener accept them all (the kernel completes a connection before the server sees it).
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.equal(
      floods.reduce((n, f) => n + f.reconnects, 0),
      0,
      "the flood fits the caps exactly: nothing was closed yet",
    );

    // The real sender: one connection with 200 lines written over time, then five `logger` runs.
    const line = (n: number): string =>
      `<38>Feb 20 08:35:22 gw sshd[${1000 + n}]: Failed password for root from 198.51.100.${n % 250} port ${20000 + n} ssh2`;
    const sender = connect({ port, host: "127.0.0.1" });
    let senderClosed = false;
    sender.on("close", () => (senderClosed = true));
    await new Promise<void>((resolve, reject) => sender.once("connect", () => resolve()).once("error", reject));
    for (let n = 0; n < 200; n += 20) {
      sender.write(Array.from({ length: 20 }, (_, i) => `${line(n + i)}\n`).join(""));
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await new Promise<void>((resolve) => sender.end(() => resolve()));
    for (let n = 0; n < 5; n++) {
      const r = await run(LOGGER, [
        "--server",
        "127.0.0.1",
        "--port",
        String(port),
        "--tcp",
        "--octet-count",
        "--rfc5424",
        "-t",
        "sshd",
        "-p",
        "auth.info",
        `Invalid user flood${n} from 203.0.113.${n + 1} port 4242`,
      ]);
      assert.equal(r.code, 0, r.stderr);
    }
    const alerts = (): string[] => (existsSync(out) ? readFileSync(out, "utf8").split("\n").filter(Boolean) : []);
    await waitFor(() => alerts().length >= 205, "205 alerts from the real sender", 120_000);
    assert.equal(senderClosed, true);
    // Each real connection made room by closing a flood connection. The flood learns of a close
    // when its socket's close event runs, which on a loaded machine can come after the alerts.
    await waitFor(() => floods.reduce((n, f) => n + f.reconnects, 0) >= 6, "a flood connection closed for each real connection", 30_000);
    // The flood is still on (what was closed came back) and every slot is still taken.
    assert.ok(floods.reduce((n, f) => n + f.sockets.size, 0) >= 500);

    floods.forEach((f) => f.stop());
    listen.child.kill("SIGTERM");
    assert.equal(await listen.exited, 0, listen.stderr());
    const books = JSON.parse(
      listen
        .stderr()
        .split("\n")
        .find((l) => l.startsWith("{"))!,
    ) as {
      read: number;
      converted: number;
      balanced: boolean;
      listener: { tcpFrames: number; tcpEvicted: number; tcpIdleClosed: number; tcpSilentClosed: number };
    };
    assert.equal(books.balanced, true);
    assert.equal(books.read, 205);
    assert.equal(books.converted, 205);
    assert.equal(books.listener.tcpFrames, 205);
    assert.ok(books.listener.tcpEvicted >= 6, `evicted ${books.listener.tcpEvicted}`);
    assert.equal(books.listener.tcpIdleClosed + books.listener.tcpSilentClosed, 0);
    const sources = new Set(alerts().map((l) => ((JSON.parse(l) as { Source?: { IP?: string }[] }).Source ?? [])[0]?.IP));
    for (let n = 0; n < 200; n++) assert.ok(sources.has(`198.51.100.${n % 250}`), `the alert from line ${n}`);
    for (let n = 1; n <= 5; n++) assert.ok(sources.has(`203.0.113.${n}`), `the alert from logger run ${n}`);
  },
);
