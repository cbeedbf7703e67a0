// `convert --follow --to nats://`: JetStream's duplicate window (Nats-Msg-Id = message ID) removes
// only true repeats. A followed file of identical lines, killed with SIGKILL and resumed: every
// line is one message in the stream, none dropped as a "duplicate" of another line.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { NatsConnection } from "@nats-io/transport-node";
import { jetstreamManager } from "@nats-io/jetstream";
import { startNatsServer, type NatsServer } from "../../helpers/nats-server.js";
import { makeStream, natsConnection, streamContents } from "../../helpers/jetstream.js";
import { waitFor } from "../../helpers/listen-cli.js";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const CLI = path.join(ROOT, "dist/cli/main.js");
const ALERT = readFileSync(path.join(ROOT, "fixtures/suricata/corpus/rhaist-surevego-testdata-eve.ndjson"), "utf8")
  .split("\n")
  .find((l) => l.includes('"event_type":"alert"'))!;
const WAIT_MS = 60_000;

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

async function storedCount(stream: string): Promise<number> {
  const jsm = await jetstreamManager(nc);
  return (await jsm.streams.info(stream)).state.messages;
}

function startFollow(dir: string): { child: ChildProcess; exit: Promise<number | null>; stderr: () => string } {
  const child = spawn(
    process.execPath,
    [
      CLI,
      "convert",
      "--no-config",
      "--follow",
      "--from",
      "suricata",
      "--state",
      "state.json",
      "--to",
      `${nats.url}/follow.alerts`,
      "eve.json",
    ],
    { cwd: dir, stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  return { child, exit: new Promise((resolve) => child.on("exit", resolve)), stderr: () => stderr };
}

test(
  "follow --to nats:// over identical lines, SIGKILL and resume: one stored message per line, each ID once",
  { timeout: 120_000 },
  async () => {
    await makeStream(nc, "FOLLOW", ["follow.>"]);
    const dir = mkdtempSync(path.join(tmpdir(), "idmefv2-follow-nats-"));
    const eve = path.join(dir, "eve.json");
    let run: ReturnType<typeof startFollow> | undefined;
    try {
      writeFileSync(eve, `${ALERT}\n`.repeat(30));
      run = startFollow(dir);
      let counted = 0;
      const poll = async (atLeast: number, what: string): Promise<void> => {
        const deadline = Date.now() + WAIT_MS;
        while ((counted = await storedCount("FOLLOW")) < atLeast) {
          assert.ok(Date.now() < deadline, `timed out waiting for ${what} (${counted} stored)\n${run?.stderr() ?? ""}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      await poll(30, "the first 30 messages");
      await waitFor(() => readFileSync(path.join(dir, "state.json"), "utf8").includes('"offset"'), "a saved position", WAIT_MS);
      run.child.kill("SIGKILL");
      await run.exit;
      // The same line again: a resumed run that named records by their place in what it read since
      // the restart would give these the first lines' IDs, and JetStream would drop them.
      appendFileSync(eve, `${ALERT}\n`.repeat(30));
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
      // A failed assertion leaves it running: it would keep the test process alive.
      if (run !== undefined && run.child.exitCode === null && run.child.signalCode === null) run.child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
