// The syslog listener: RFC 6587 TCP framing, UDP datagrams, the pipeline behind them, and the
// `idmefv2 listen` command fed by util-linux `logger` over loopback.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createSocket } from "node:dgram";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { syslog } from "../../src/converters/syslog/index.js";
import { MemorySinks } from "../../src/framework/sinks.js";
import { startSyslogListener, TcpFramer, type Frame } from "../../src/io/syslog-listener/index.js";
import { CLI, startListen, waitFor } from "../helpers/listen-cli.js";

const text = (frames: Frame[]): string[] =>
  frames.map((f) =>
    f.kind === "message"
      ? f.bytes.toString()
      : f.kind === "truncated"
        ? `TRUNCATED(${f.expected}):${f.bytes.toString()}`
        : `OVERSIZE(${f.length}):${f.excerpt.toString()}`,
  );

describe("TcpFramer (RFC 6587)", () => {
  it("reads octet-counted frames split anywhere, several per chunk, LF inside kept in the frame", () => {
    const framer = new TcpFramer(1024);
    const wire = "11 <13>1 - - -19 <13>line one\nline 2";
    const out: Frame[] = [];
    for (const ch of wire) out.push(...framer.push(Buffer.from(ch)));
    assert.equal(framer.framing, "octet-counting");
    assert.deepEqual(text(out), ["<13>1 - - -", "<13>line one\nline 2"]);
    assert.deepEqual(text(new TcpFramer(1024).push(Buffer.from("3 abc3 def"))), ["abc", "def"]);
  });

  it("reads newline-framed messages (LF, CRLF, NUL), and a last line without LF at the end", () => {
    const framer = new TcpFramer(1024);
    assert.deepEqual(text(framer.push(Buffer.from("<13>a\r\n<13>b\0<13>c"))), ["<13>a\r", "<13>b"]);
    assert.equal(framer.framing, "newline");
    assert.deepEqual(text(framer.end()), ["<13>c"]);
  });

  it("bounds memory: an over-long frame is reported with its first bytes and skipped", () => {
    const framer = new TcpFramer(16);
    const out = [...framer.push(Buffer.from("40 <13>" + "x".repeat(20))), ...framer.push(Buffer.from("y".repeat(16) + "5 <13>z"))];
    assert.deepEqual(text(out), [`OVERSIZE(40):<13>${"x".repeat(20)}`, "<13>z"]);
    const nl = new TcpFramer(16);
    assert.deepEqual(text([...nl.push(Buffer.from("<13>" + "a".repeat(30))), ...nl.push(Buffer.from("b\n<13>ok\n"))]), [
      `OVERSIZE(35):<13>${"a".repeat(30)}`,
      "<13>ok",
    ]);
  });

  it("falls back to newline framing when a digit-led stream is not octet counting", () => {
    const framer = new TcpFramer(1024);
    assert.deepEqual(text(framer.push(Buffer.from("2026-01-01T00:00:00Z h p: x\n"))), ["2026-01-01T00:00:00Z h p: x"]);
  });
});

describe("startSyslogListener", () => {
  it("converts UDP datagrams and TCP messages through the pipeline, rejects with reasons, and stops cleanly", async (t) => {
    const sinks = new MemorySinks();
    const listener = await startSyslogListener({
      udp: ["127.0.0.1:0"],
      tcp: ["127.0.0.1:0"],
      converter: syslog,
      converterOptions: { timezone: "Z" },
      sinks: { messages: sinks.messageSink, rejects: sinks.rejectSink, warnings: sinks.warningSink },
      maxFrameBytes: 4096,
    });
    // stop() is idempotent: a failed assertion must not leave sockets open (the run would hang).
    t.after(() => listener.stop());
    const udp = listener.addresses.find((a) => a.transport === "udp")!;
    const tcp = listener.addresses.find((a) => a.transport === "tcp")!;
    assert.ok(udp.port > 0 && tcp.port > 0);

    const client = createSocket("udp4");
    await new Promise<void>((resolve, reject) =>
      client.send(
        Buffer.from("<38>Feb 20 08:35:22 slave22 sshd[5774]: Failed password for root from 216.160.83.57 port 29160 ssh2\n"),
        udp.port,
        "127.0.0.1",
        (e) => (e ? reject(e) : resolve()),
      ),
    );
    client.close();

    const framed = (m: string): string => `${Buffer.byteLength(m)} ${m}`;
    const octet = [
      "<38>1 2026-01-14T08:00:00Z host sshd 1 - - Invalid user bob from 198.51.100.1 port 2222",
      "<38>1 2026-01-14T08:00:01Z host sshd 1 - - message one\nstill message one",
      "<38>1 2026-01-14T08:00:02Z host sshd 1 - [broken sd",
      `<38>1 2026-01-14T08:00:03Z host sshd 1 - - ${"z".repeat(5000)}`,
    ]
      .map(framed)
      .join("");
    const socket = connect(tcp.port, "127.0.0.1");
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    // Written in small pieces: frames must be rebuilt across TCP segments.
    for (let at = 0; at < octet.length; at += 97) socket.write(octet.slice(at, at + 97));
    await new Promise<void>((resolve) => socket.end(() => resolve()));

    await waitFor(() => sinks.messages.length + sinks.rejects.length >= 3, "converted and rejected records");
    const { pipeline, listener: received } = await listener.stop();
    assert.equal(pipeline.balanced, true);
    assert.equal(pipeline.stats.read, 5);
    assert.equal(pipeline.stats.converted, 2);
    // The broken structured data is the syslog converter's to judge (skipped or rejected); the
    // listener's part is that every frame is read and accounted for.
    assert.equal(
      Object.values(pipeline.stats.skipped).reduce((a, b) => a + b, 0) + Object.values(pipeline.stats.rejected).reduce((a, b) => a + b, 0),
      3,
    );
    assert.equal(pipeline.stats.rejected["RECORD_TOO_LARGE"], 1);
    assert.deepEqual(received, {
      udpDatagrams: 1,
      tcpConnections: 1,
      tcpFrames: 4,
      udpDropped: 0,
      udpKernelDropped: 0,
      tcpEvicted: 0,
      tcpIdleClosed: 0,
      tcpSilentClosed: 0,
    });
    const descriptions = sinks.messages.map((m) => (m as unknown as Record<string, unknown>)["Description"]).sort();
    assert.deepEqual(descriptions, [
      "SSH login as root failed (password) from 216.160.83.57",
      'SSH login attempt with unknown user "bob" from 198.51.100.1',
    ]);
    assert.equal(sinks.rejects.find((r) => r.code === "RECORD_TOO_LARGE")!.record.startsWith("<38>1 2026-01-14T08:00:03Z host sshd"), true);
  });

  it("refuses to start with nothing to listen on, or a bad address", async () => {
    const sinks = new MemorySinks();
    const base = { converter: syslog, sinks: { messages: sinks.messageSink } };
    await assert.rejects(startSyslogListener(base), /nothing to listen on/);
    await assert.rejects(startSyslogListener({ ...base, udp: ["localhost"] }), /udp address "localhost": no port: write HOST:PORT/);
    await assert.rejects(
      startSyslogListener({ ...base, tcp: ["udp://127.0.0.1:5514"] }),
      /tcp address "udp:\/\/127.0.0.1:5514": a udp:\/\/ address where tcp:\/\//,
    );
  });
});

describe("syslog listener limits", () => {
  it(
    "at the per-address cap a newcomer closes that address's idlest connection; silent and idle connections are closed, an unfinished frame kept",
    { timeout: 60_000 },
    async (t) => {
      const sinks = new MemorySinks();
      const listener = await startSyslogListener({
        tcp: ["127.0.0.1:0"],
        converter: syslog,
        converterOptions: { timezone: "Z" },
        sinks: { messages: sinks.messageSink, rejects: sinks.rejectSink, warnings: sinks.warningSink },
        maxConnectionsPerPeer: 2,
        firstMessageTimeoutMs: 1500,
        idleTimeoutMs: 3000,
      });
      t.after(() => listener.stop());
      const port = listener.addresses[0]!.port;
      const open = async (): Promise<{ socket: ReturnType<typeof connect>; closed: Promise<void> }> => {
        const socket = connect(port, "127.0.0.1");
        socket.on("error", () => undefined);
        const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
        await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
        return { socket, closed };
      };
      const line = (n: number): string => `<38>Feb 20 08:35:2${n} h sshd[1]: Failed password for root from 203.0.113.${n} port 1 ssh2`;
      const a = await open();
      const b = await open();
      let bClosed = false;
      void b.closed.then(() => (bClosed = true));
      // a speaks after b connected: b is now the idlest of the address.
      a.socket.write(`${line(1)}\n`);
      await waitFor(() => sinks.messages.length === 1, "the first message");
      const c = await open();
      await b.closed;
      assert.equal(listener.stats.tcpEvicted, 1);
      assert.equal(a.socket.destroyed, false, "the connection that spoke last is kept");
      // c never speaks: closed after the first-message timeout. a goes quiet mid-line: closed when
      // idle, and what it had sent of the line still goes through the pipeline.
      a.socket.write(line(2));
      await Promise.all([a.closed, c.closed]);
      assert.ok(bClosed);
      const { pipeline, listener: stats } = await listener.stop();
      assert.equal(stats.tcpEvicted, 1);
      assert.equal(stats.tcpSilentClosed, 1);
      assert.equal(stats.tcpIdleClosed, 1);
      assert.equal(stats.tcpConnections, 3);
      assert.equal(pipeline.stats.read, 2);
      assert.equal(pipeline.stats.converted, 2);
      assert.equal(pipeline.balanced, true);
    },
  );
});

const LOGGER = "/usr/bin/logger";

// Skipped only on a developer machine without logger: CI (.ci/run installs bsdutils) must run it.
const NO_LOGGER = !existsSync(LOGGER) && process.env["CI"] === undefined ? "util-linux logger is not installed" : false;

describe("idmefv2 listen (CLI) with util-linux logger", { skip: NO_LOGGER }, () => {
  it(
    "receives UDP and TCP (octet counting and newline framing), RFC 3164 and 5424, and prints the books on SIGTERM",
    { timeout: 120_000 },
    async (t) => {
      const dir = mkdtempSync(join(tmpdir(), "idmefv2-listen-"));
      const out = join(dir, "alerts.ndjson");
      const listen = await startListen(["--udp", "127.0.0.1:0", "--tcp", "127.0.0.1:0", "--out", out, "-O", "timezone=Z"]);
      t.after(() => void listen.child.kill("SIGKILL"));
      const udpPort = String(listen.port("udp"));
      const tcpPort = String(listen.port("tcp"));

      const send = (args: string[]): void => {
        const r = spawnSync(LOGGER, ["--server", "127.0.0.1", ...args], { encoding: "utf8" });
        assert.equal(r.status, 0, `logger ${args.join(" ")}: ${r.stderr}`);
      };
      send([
        "--port",
        udpPort,
        "--udp",
        "--rfc3164",
        "-t",
        "sshd",
        "-p",
        "auth.info",
        "Failed password for root from 203.0.113.9 port 4242 ssh2",
      ]);
      send(["--port", udpPort, "--udp", "--rfc5424", "-t", "sshd", "-p", "auth.info", "Invalid user bob from 203.0.113.10 port 4243"]);
      send([
        "--port",
        tcpPort,
        "--tcp",
        "--rfc5424",
        "--octet-count",
        "-t",
        "sshd",
        "-p",
        "auth.info",
        "Invalid user carol from ::ffff:203.0.113.11 port 4244",
      ]);
      send([
        "--port",
        tcpPort,
        "--tcp",
        "--rfc3164",
        "-t",
        "sudo",
        "-p",
        "auth.notice",
        "    tsg : user NOT in sudoers ; TTY=pts/1 ; PWD=/home/tsg ; USER=root ; COMMAND=/bin/ls",
      ]);
      send(["--port", tcpPort, "--tcp", "--rfc5424", "-t", "cron", "-p", "cron.info", "(root) CMD (run-parts /etc/cron.hourly)"]);

      const lines = (): string[] => (existsSync(out) ? readFileSync(out, "utf8").split("\n").filter(Boolean) : []);
      await waitFor(() => lines().length >= 4, "four alerts in the output file");
      listen.child.kill("SIGTERM");
      assert.equal(await listen.exited, 0, listen.stderr());
      const stderr = listen.stderr();
      const messages = lines().map((l) => JSON.parse(l) as Record<string, unknown>);
      const sources = messages
        .map((m) => (m["Source"] as { IP?: string; User?: string }[])[0]!.IP ?? (m["Source"] as { User?: string }[])[0]!.User)
        .sort();
      assert.deepEqual(sources, ["203.0.113.10", "203.0.113.11", "203.0.113.9", "tsg"]);
      assert.match(stderr, /read 5 record\(s\) from 1 input\(s\): 4 converted \(4 message\(s\) to .*\), 1 skipped, 0 rejected/);
      assert.match(stderr, /skipped: 1 no rule matched/);
      assert.match(stderr, /received 2 UDP datagram\(s\), 3 TCP message\(s\) over 3 connection\(s\)/);
    },
  );

  it("writes rejected messages to --rejects, and a clean stop (SIGINT too) exits 0 (issue 11 item 18)", { timeout: 120_000 }, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), "idmefv2-listen-"));
    const out = join(dir, "alerts.ndjson");
    const rejects = join(dir, "rejects.ndjson");
    const listen = await startListen(["--tcp", "127.0.0.1:0", "--out", out, "--rejects", rejects]);
    t.after(() => void listen.child.kill("SIGKILL"));
    const socket = connect(listen.port("tcp"), "127.0.0.1");
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    socket.end("<13>this is not syslog at all\n");
    const rejected = (): string[] => (existsSync(rejects) ? readFileSync(rejects, "utf8").split("\n").filter(Boolean) : []);
    await waitFor(() => rejected().length === 1, "the reject");
    listen.child.kill("SIGINT");
    // A clean stop of a daemon is exit 0 (systemd must not mark it failed); the reject is in the books.
    assert.equal(await listen.exited, 0, listen.stderr());
    const reject = JSON.parse(rejected()[0]!) as Record<string, unknown>;
    assert.equal(reject["record"], "<13>this is not syslog at all");
    assert.match(String(reject["reason"]), /column 5: expected a timestamp/);
    assert.match(listen.stderr(), /1 rejected/);
  });
});

describe("idmefv2 listen (CLI) start-up errors", () => {
  it(
    "a wrong option, a bad address or an unwritable output stops it before it listens (exit 2), and an existing output is appended to",
    { timeout: 120_000 },
    async () => {
      assert.ok(existsSync(CLI), "run `npm run build` first: this test runs the compiled CLI");
      const dir = mkdtempSync(join(tmpdir(), "idmefv2-listen-"));
      const out = join(dir, "alerts.ndjson");
      writeFileSync(out, '{"earlier":"run"}\n');
      const badOption = spawnSync(process.execPath, [CLI, "listen", "--udp", "127.0.0.1:0", "-O", "timezone=Mars/Olympus", "--out", out], {
        encoding: "utf8",
        timeout: 60_000,
      });
      assert.equal(badOption.status, 2, badOption.stderr);
      assert.match(badOption.stderr, /options of format "syslog": option "timezone": unknown time zone "Mars\/Olympus"/);
      assert.doesNotMatch(badOption.stderr, /listening on/);
      const badOut = spawnSync(process.execPath, [CLI, "listen", "--udp", "127.0.0.1:0", "--out", join(dir, "missing", "x.ndjson")], {
        encoding: "utf8",
        timeout: 60_000,
      });
      assert.equal(badOut.status, 2, badOut.stderr);
      assert.match(badOut.stderr, /cannot write .*x\.ndjson/);
      // A bare port or the other transport's scheme: exit 2, naming the flag and what to write.
      const barePort = spawnSync(process.execPath, [CLI, "listen", "--udp", "514"], { encoding: "utf8", timeout: 60_000 });
      assert.equal(barePort.status, 2, barePort.stderr);
      assert.match(barePort.stderr, /--udp "514": a port alone does not say where to listen: write 127\.0\.0\.1:514/);
      assert.doesNotMatch(barePort.stderr, /\n\s+at /);
      const wrongScheme = spawnSync(process.execPath, [CLI, "listen", "--tcp", "udp://[::1]:514"], { encoding: "utf8", timeout: 60_000 });
      assert.equal(wrongScheme.status, 2, wrongScheme.stderr);
      assert.match(wrongScheme.stderr, /--tcp "udp:\/\/\[::1\]:514": a udp:\/\/ address where tcp:\/\/ \(or no scheme\) is expected/);

      const badLimit = spawnSync(process.execPath, [CLI, "listen", "--tcp", "127.0.0.1:0", "--idle-timeout", "soon"], {
        encoding: "utf8",
        timeout: 60_000,
      });
      assert.equal(badLimit.status, 2, badLimit.stderr);
      assert.match(badLimit.stderr, /--idle-timeout "soon": expected a number of seconds/);
      assert.doesNotMatch(badLimit.stderr, /listening on/);

      // A restarted listener keeps what earlier runs wrote.
      const listen = await startListen(["--tcp", "127.0.0.1:0", "--out", out, "-O", "timezone=Z"]);
      const socket = connect(listen.port("tcp"), "127.0.0.1");
      await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
      socket.end("<38>Jan 12 06:00:01 host sshd[42]: Failed password for root from 203.0.113.9 port 4242 ssh2\n");
      await waitFor(() => readFileSync(out, "utf8").split("\n").filter(Boolean).length === 2, "the new alert after the earlier line");
      listen.child.kill("SIGTERM");
      assert.equal(await listen.exited, 0, listen.stderr());
      assert.equal(readFileSync(out, "utf8").split("\n")[0], '{"earlier":"run"}');
    },
  );
});
