// --to nats://host:port/subject for convert, send and serve, against a real nats-server with JetStream.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import { spawn } from "node:child_process";
import { createSocket } from "node:dgram";
import os from "node:os";
import path from "node:path";
import type { NatsConnection } from "@nats-io/transport-node";
import { runNode } from "../../helpers/run-node.js";
import { startNatsServer, type NatsServer } from "../../helpers/nats-server.js";
import { jetstreamManager } from "@nats-io/jetstream";
import { makeStream, natsConnection, storedMessages, streamContents } from "../../helpers/jetstream.js";
import { hardKill, killIfRunning, startCliRun, type CliRun } from "../../helpers/cli-run.js";
import { waitFor } from "../../helpers/listen-cli.js";
import { CLI, sampleMessage, messageId, startServe, tempDir } from "../helpers.js";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const EVE = path.join(ROOT, "fixtures/suricata/corpus/elastic-beats-eve-small.ndjson");

let nats: NatsServer;
let nc: NatsConnection;
before(async () => {
  nats = await startNatsServer();
  nc = await natsConnection(nats.server);
});
after(async () => {
  await nc.close();
  await nats.dispose();
});

function idsOf(messages: readonly { json<T>(): T }[]): string[] {
  return messages.map((m) => m.json<{ ID: string }>().ID);
}

test("convert --to nats:// publishes every message with Nats-Msg-Id = its ID; a rerun stores nothing twice", async () => {
  await makeStream(nc, "CONVERT", ["convert.>"]);
  const to = `${nats.url}/convert.alerts`;
  const first = await runNode([CLI, "convert", "--no-config", "--from", "suricata", "--stats", EVE, "--to", to], { cwd: ROOT });
  assert.equal(first.code, 0, first.stderr);
  const stats = JSON.parse(first.stderr.trim().split("\n").pop()!) as {
    messages: number;
    nats: { acknowledged: number; duplicates: number };
  };
  assert.ok(stats.messages > 0);
  assert.equal(stats.nats.acknowledged, stats.messages);
  const stored = await storedMessages(nc, "CONVERT");
  assert.equal(stored.length, stats.messages);
  for (const message of stored) {
    assert.equal(message.subject, "convert.alerts");
    assert.equal(message.header.get("Nats-Msg-Id"), message.json<{ ID: string }>().ID);
  }
  // Derived IDs are stable: the same input again is all duplicates, and JetStream keeps one of each.
  const again = await runNode([CLI, "convert", "--no-config", "--from", "suricata", "--stats", EVE, "--to", to], { cwd: ROOT });
  assert.equal(again.code, 0, again.stderr);
  const second = JSON.parse(again.stderr.trim().split("\n").pop()!) as { nats: { duplicates: number } };
  assert.equal(second.nats.duplicates, stats.messages);
  assert.deepEqual(idsOf(await storedMessages(nc, "CONVERT")), idsOf(stored));
});

test("send --to nats:// delivers messages already made; the text books name the destination", async () => {
  await makeStream(nc, "SEND", ["send.>"]);
  const dir = tempDir("nats-send");
  const file = path.join(dir, "messages.ndjson");
  fs.writeFileSync(file, [1, 2, 3].map((i) => JSON.stringify(sampleMessage(messageId(i)))).join("\n") + "\n");
  const run = await runNode([CLI, "send", "--no-config", "--to", `${nats.url}/send.in`, file], { cwd: ROOT });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /nats: 3 message\(s\) acknowledged by JetStream on nats:\/\/127\.0\.0\.1:\d+\/send\.in/);
  assert.deepEqual(idsOf(await storedMessages(nc, "SEND")), [1, 2, 3].map(messageId));
});

test("a NATS server that cannot be reached stops convert before it reads: exit 3, naming the server", async () => {
  const run = await runNode([CLI, "convert", "--no-config", "--from", "suricata", EVE, "--to", "nats://127.0.0.1:1/x.y"], { cwd: ROOT });
  assert.equal(run.code, 3, run.stderr);
  assert.match(run.stderr, /cannot connect to NATS at 127\.0\.0\.1:1/);
  assert.doesNotMatch(run.stderr, /\n\s+at /);
});

test("--to nats:// refuses the HTTPS-only options and a subject with a wildcard", async () => {
  const spool = await runNode([CLI, "convert", "--no-config", EVE, "--to", `${nats.url}/a.b`, "--spool", tempDir("nats-spool")], {
    cwd: ROOT,
  });
  assert.equal(spool.code, 2);
  assert.match(spool.stderr, /--spool: only for HTTPS delivery/);
  const wildcard = await runNode([CLI, "convert", "--no-config", EVE, "--to", `${nats.url}/a.*`], { cwd: ROOT });
  assert.equal(wildcard.code, 2);
  assert.match(wildcard.stderr, /a wildcard/);
});

test("listen --to nats:// publishes what it converts; SIGTERM flushes and prints the NATS books", async () => {
  await makeStream(nc, "LISTEN", ["listen.>"]);
  const child = spawn(
    process.execPath,
    [CLI, "listen", "--no-config", "-O", "timezone=Z", "--udp", "127.0.0.1:0", "--to", `${nats.url}/listen.alerts`],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (text: string) => (stderr += text));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const deadline = Date.now() + 30_000;
  while (!/listening on udp:\/\/127\.0\.0\.1:(\d+)/.test(stderr)) {
    if (Date.now() > deadline) throw new Error(`listen did not start:\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const port = Number(/listening on udp:\/\/127\.0\.0\.1:(\d+)/.exec(stderr)![1]);
  const socket = createSocket("udp4");
  const attack = "<38>Feb 20 08:35:22 slave22 sshd[5774]: Failed password for root from 216.160.83.57 port 29160 ssh2";
  await new Promise<void>((resolve, reject) => socket.send(attack, port, "127.0.0.1", (error) => (error ? reject(error) : resolve())));
  socket.close();
  while ((await storedMessages(nc, "LISTEN")).length === 0) {
    if (Date.now() > deadline) throw new Error(`nothing published:\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill("SIGTERM");
  assert.equal(await exited, 0, stderr);
  const stored = await storedMessages(nc, "LISTEN");
  assert.equal(stored.length, 1);
  assert.match(JSON.stringify(stored[0]!.json()), /216\.160\.83\.57/);
  assert.match(stderr, /nats: 1 message\(s\) acknowledged/);
});

function post(port: number, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: "127.0.0.1",
        port,
        method: "POST",
        path: "/",
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

test("serve --to nats:// answers 204 only once JetStream acknowledged; a stopped nats-server gives 503 and the sender keeps the message", async () => {
  await makeStream(nc, "RELAY", ["relay.>"]);
  const serve = await startServe(["--listen", "127.0.0.1:0", "--to", `${nats.url}/relay.in`]);
  try {
    assert.equal(await post(serve.port, JSON.stringify(sampleMessage(messageId(1)))), 204);
    assert.deepEqual(idsOf(await storedMessages(nc, "RELAY")), [messageId(1)]);
    await nats.stop();
    // Not acknowledged, so not accepted: the sender must keep it and try again.
    assert.equal(await post(serve.port, JSON.stringify(sampleMessage(messageId(2)))), 503);
    await nats.start();
    // The relay reconnects on its own; the sender's retry then gets its 204.
    let status = 0;
    for (let attempt = 0; attempt < 100 && status !== 204; attempt++) {
      status = await post(serve.port, JSON.stringify(sampleMessage(messageId(2))));
      if (status !== 204) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(status, 204);
  } finally {
    serve.child.kill("SIGTERM");
  }
  const exit = await serve.exited;
  assert.equal(exit.code, 0, serve.stderr());
  const check = await natsConnection(nats.server);
  try {
    assert.deepEqual(idsOf(await storedMessages(check, "RELAY")), [messageId(1), messageId(2)]);
  } finally {
    await check.close();
  }
  assert.match(serve.stderr(), /could not store|answering 5xx/);
  assert.match(serve.stderr(), /forwarding again/);
  assert.match(serve.stderr(), /nats: 2 message\(s\) acknowledged/);
});

// `convert --follow --to nats://`: JetStream's duplicate window (Nats-Msg-Id = message ID) removes
// only true repeats. A followed file of identical lines, killed with SIGKILL and resumed: every
// line is one message in the stream, none dropped as a "duplicate" of another line.
const FOLLOWED_ALERT = fs
  .readFileSync(path.join(ROOT, "fixtures/suricata/corpus/rhaist-surevego-testdata-eve.ndjson"), "utf8")
  .split("\n")
  .find((l) => l.includes('"event_type":"alert"'))!;
const FOLLOW_WAIT_MS = 60_000;

async function storedCount(stream: string): Promise<number> {
  const jsm = await jetstreamManager(nc);
  return (await jsm.streams.info(stream)).state.messages;
}

function startFollow(dir: string): CliRun {
  const to = `${nats.url}/follow.alerts`;
  return startCliRun(dir, ["convert", "--no-config", "--follow", "--from", "suricata", "--state", "state.json", "--to", to, "eve.json"]);
}

test(
  "follow --to nats:// over identical lines, SIGKILL and resume: one stored message per line, each ID once",
  { timeout: 120_000 },
  async () => {
    await makeStream(nc, "FOLLOW", ["follow.>"]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "idmefv2-follow-nats-"));
    const eve = path.join(dir, "eve.json");
    let run: CliRun | undefined;
    try {
      fs.writeFileSync(eve, `${FOLLOWED_ALERT}\n`.repeat(30));
      run = startFollow(dir);
      let counted = 0;
      const poll = async (atLeast: number, what: string): Promise<void> => {
        const deadline = Date.now() + FOLLOW_WAIT_MS;
        while ((counted = await storedCount("FOLLOW")) < atLeast) {
          assert.ok(Date.now() < deadline, `timed out waiting for ${what} (${counted} stored)\n${run?.stderr() ?? ""}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      await poll(30, "the first 30 messages");
      const state = path.join(dir, "state.json");
      await waitFor(() => fs.existsSync(state) && fs.readFileSync(state, "utf8").includes('"offset"'), "a saved position", FOLLOW_WAIT_MS);
      await hardKill(run);
      // The same line again: a resumed run that named records by their place in what it read since
      // the restart would give these the first lines' IDs, and JetStream would drop them.
      fs.appendFileSync(eve, `${FOLLOWED_ALERT}\n`.repeat(30));
      run = startFollow(dir);
      await poll(60, "all 60 messages");
      // Time to publish a repeat, if one were to.
      await new Promise((r) => setTimeout(r, 1500));
      run.child.kill("SIGTERM");
      assert.equal(await run.exit, 0, run.stderr());
      const stored = await streamContents(nc, "FOLLOW");
      assert.equal(stored.length, 60, "one message per line");
      const ids = stored.map((m) => (JSON.parse(m.data) as { ID: string }).ID);
      assert.equal(new Set(ids).size, 60, "60 different message IDs");
      assert.deepEqual(
        stored.map((m) => m.msgId),
        ids,
        "Nats-Msg-Id is each message's ID",
      );
    } finally {
      killIfRunning(run);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);
