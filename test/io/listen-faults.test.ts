// Issue 11 for `listen`: a truncated octet-counted TCP frame is rejected, not converted (item 7);
// datagrams the kernel dropped are in the books (item 12); SIGTERM is a clean stop, exit 0, even
// after rejects (item 18).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createSocket } from "node:dgram";
import { connect } from "node:net";
import { join, resolve } from "node:path";
import { syslog } from "../../src/converters/syslog/index.js";
import { MemorySinks } from "../../src/framework/sinks.js";
import { startSyslogListener, TcpFramer } from "../../src/io/syslog-listener/index.js";
import { withTempDir } from "../framework/helpers.js";

const CLI = resolve("dist/cli/main.js");
const ATTACK = "<38>Feb 20 08:35:22 slave22 sshd[5774]: Failed password for root from 216.160.83.57 port 29160 ssh2";

async function waitFor(what: string, condition: () => boolean, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test("TcpFramer: an octet-counted frame cut by the peer is handed on as truncated, with what arrived", () => {
  const framer = new TcpFramer(1024);
  assert.deepEqual(framer.push(Buffer.from("5 <13>a20 <13>abc")), [{ kind: "message", bytes: Buffer.from("<13>a") }]);
  assert.deepEqual(framer.end(), [{ kind: "truncated", bytes: Buffer.from("<13>abc"), expected: 20 }]);
  const header = new TcpFramer(1024);
  header.push(Buffer.from("5 <13>a12"));
  assert.deepEqual(header.end(), [{ kind: "truncated", bytes: Buffer.from("12"), expected: -1 }]);
});

test("listener: a truncated octet-counted frame is rejected as TRUNCATED_RECORD with its reason; the whole frame before it is converted", async (t) => {
  const sinks = new MemorySinks();
  const listener = await startSyslogListener({
    tcp: ["127.0.0.1:0"],
    converter: syslog,
    converterOptions: { timezone: "Z" },
    sinks: { messages: sinks.messageSink, rejects: sinks.rejectSink, warnings: sinks.warningSink },
  });
  t.after(() => listener.stop());
  const socket = connect(listener.addresses[0]!.port, "127.0.0.1");
  await new Promise<void>((r) => socket.once("connect", () => r()));
  // The second frame announces its full length, but the connection ends 40 bytes early: what
  // arrived is itself a complete-looking attack line, which must not become an alert.
  const whole = `${Buffer.byteLength(ATTACK)} ${ATTACK}`;
  const cut = ATTACK.replace("216.160.83.57", "198.51.100.7");
  socket.end(`${whole}${Buffer.byteLength(cut) + 40} ${cut}`);
  await waitFor("one message and one reject", () => sinks.messages.length + sinks.rejects.length === 2);
  const { pipeline } = await listener.stop();
  assert.equal(pipeline.balanced, true);
  assert.equal(pipeline.stats.converted, 1);
  assert.deepEqual({ ...pipeline.stats.rejected }, { TRUNCATED_RECORD: 1 });
  const reject = sinks.rejects[0]!;
  assert.equal(reject.record, cut);
  assert.match(
    reject.reason,
    new RegExp(
      `closed 40 byte\\(s\\) before the end of this octet-counted frame \\(${Buffer.byteLength(cut)} of ${Buffer.byteLength(cut) + 40} bytes arrived\\)`,
    ),
  );
});

test(
  "CLI listen: datagrams the kernel dropped while the listener could not read are counted; SIGTERM after rejects exits 0",
  { timeout: 120_000 },
  async () => {
    await withTempDir(async (dir) => {
      const child = spawn(
        process.execPath,
        [CLI, "listen", "--udp", "127.0.0.1:0", "--udp-rcvbuf", "4k", "--out", join(dir, "out.ndjson"), "--stats"],
        {
          cwd: dir,
          stdio: ["ignore", "ignore", "pipe"],
        },
      );
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      const exit = new Promise<number | null>((res) => child.on("exit", (code) => res(code)));
      const sent = 400;
      try {
        await waitFor("the listening line", () => /listening on udp:\/\/127\.0\.0\.1:\d+/.test(stderr));
        const port = Number(/udp:\/\/127\.0\.0\.1:(\d+)/.exec(stderr)![1]);
        const client = createSocket("udp4");
        const send = (text: string): Promise<void> =>
          new Promise((r, j) => client.send(Buffer.from(text), port, "127.0.0.1", (e) => (e ? j(e) : r())));
        await send("<13>this is not syslog at all");
        await new Promise((r) => setTimeout(r, 300));
        // Stopped, the listener cannot read: the small buffer fills and the kernel drops the rest.
        child.kill("SIGSTOP");
        for (let i = 0; i < sent; i++) await send(`${ATTACK} ${"x".repeat(400)} ${i}`);
        child.kill("SIGCONT");
        await waitFor("the periodic drop notice", () => /the kernel dropped \d+ UDP datagram\(s\)/.test(stderr), 60_000);
        child.kill("SIGTERM");
        client.close();
        assert.equal(await exit, 0, stderr);
      } finally {
        child.kill("SIGKILL");
      }
      const books = JSON.parse(stderr.split("\n").find((l) => l.startsWith("{"))!) as {
        read: number;
        rejected: Record<string, number>;
        listener: { udpDatagrams: number; udpKernelDropped: number };
      };
      assert.ok(books.listener.udpKernelDropped > 0, stderr);
      // Every datagram sent is accounted for: read by the listener, or dropped by the kernel.
      assert.equal(books.listener.udpDatagrams + books.listener.udpKernelDropped, sent + 1, stderr);
      assert.equal(books.read, books.listener.udpDatagrams);
      assert.ok((books.rejected["CONVERSION_FAILED"] ?? 0) >= 1);
    });
  },
);
