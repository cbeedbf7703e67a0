// The publisher's PubAck inbox against a real nats-server: every PubAck finds its publish, a
// duplicate is reported as one, and the failures (no stream, no answer, a closed connection) reject.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { createInbox, headers, type NatsConnection } from "@nats-io/transport-node";
import { startNatsServer, type NatsServer } from "../../helpers/nats-server.js";
import { makeStream, natsConnection, storedMessages } from "../../helpers/jetstream.js";
import { PubAckInbox } from "../../../src/transport/nats/pub-ack-inbox.js";
import { JetStreamPublisher } from "../../../src/transport/nats/publisher.js";

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

test("publishes started in one loop each get their own PubAck; the same Nats-Msg-Id again is a duplicate", async () => {
  await makeStream(nc, "INBOX_ACKS", ["acks.>"]);
  const inbox = new PubAckInbox(nc, { headers, createInbox }, 5000);
  const acks = await Promise.all(Array.from({ length: 300 }, (_, i) => inbox.publish(`acks.${i % 3}`, `{"n":${i}}`, `id-${i}`)));
  assert.equal(new Set(acks.map((ack) => ack.seq)).size, 300);
  assert.ok(acks.every((ack) => ack.stream === "INBOX_ACKS" && !ack.duplicate));
  const stored = await storedMessages(nc, "INBOX_ACKS");
  // Each PubAck names the sequence its own message was stored at.
  for (const [i, ack] of acks.entries()) {
    const message = stored.find((m) => m.seq === ack.seq)!;
    assert.equal(message.header.get("Nats-Msg-Id"), `id-${i}`);
    assert.equal(message.string(), `{"n":${i}}`);
  }
  const again = await inbox.publish("acks.0", `{"n":0}`, "id-0");
  assert.equal(again.duplicate, true);
  assert.equal(again.seq, acks[0]!.seq);
  assert.equal(inbox.size, 0);
});

test("a subject no stream takes is refused with the server's no-responders answer, not a timeout", async () => {
  const inbox = new PubAckInbox(nc, { headers, createInbox }, 10_000);
  const started = Date.now();
  await assert.rejects(inbox.publish("nowhere.at.all", "{}", "x"), /no JetStream stream takes messages on nowhere\.at\.all/);
  assert.ok(Date.now() - started < 5000, "answered by the server, not by the timeout");
});

test("an attempt nobody answers times out; an answer after that is ignored", async () => {
  // A plain subscriber stands in for a stream that never acknowledges, then answers too late.
  const replies: string[] = [];
  const silent = nc.subscribe("silent.>", { callback: (_error, msg) => void replies.push(msg.reply!) });
  const inbox = new PubAckInbox(nc, { headers, createInbox }, 200);
  await assert.rejects(inbox.publish("silent.one", "{}", "late"), /timeout: no PubAck within 200 ms/);
  assert.equal(replies.length, 1);
  nc.publish(replies[0]!, '{"stream":"X","seq":1}');
  await nc.flush();
  assert.equal(inbox.size, 0);
  silent.unsubscribe();
});

test("the publisher retries a timed-out attempt with the same Nats-Msg-Id and counts the retry", async () => {
  // At first no stream takes the subject and a plain subscriber swallows each attempt without an
  // answer (a broker that never acknowledges): attempts time out. Then the stream appears.
  let swallowed = 0;
  const blocker = nc.subscribe("retry.later", { callback: () => void swallowed++ });
  await nc.flush();
  const publisher = new JetStreamPublisher({ connection: nc }, { timeoutMs: 300, retryForMs: 10_000 });
  const acked = publisher.publish("retry.later", "{}", "retried");
  await new Promise((resolve) => setTimeout(resolve, 500));
  blocker.unsubscribe();
  await makeStream(nc, "INBOX_RETRY", ["retry.>"]);
  const ack = await acked;
  assert.equal(ack.stream, "INBOX_RETRY");
  assert.ok(swallowed >= 1);
  assert.ok(publisher.stats.retries >= 1);
  assert.equal(publisher.stats.acknowledged, 1);
  assert.deepEqual(
    (await storedMessages(nc, "INBOX_RETRY")).map((m) => m.header.get("Nats-Msg-Id")),
    ["retried"],
  );
});

test("a closed connection rejects what waits and what comes after", async () => {
  const own = await natsConnection(nats.server);
  const silent = own.subscribe("closing.>", { callback: () => undefined });
  const inbox = new PubAckInbox(own, { headers, createInbox }, 30_000);
  const waiting = inbox.publish("closing.now", "{}", "c");
  await own.flush();
  silent.unsubscribe();
  await own.close();
  await assert.rejects(waiting, /closed/);
  await assert.rejects(inbox.publish("closing.now", "{}", "d"), /closed/);
});

test("publishThen calls back once per publish, after it returns, with the PubAck or the reason", async () => {
  await makeStream(nc, "INBOX_THEN", ["then.>"]);
  const inbox = new PubAckInbox(nc, { headers, createInbox }, 5000);
  const outcomes: { error: Error | undefined; seq: number | undefined }[] = [];
  let returned = false;
  const all = new Promise<void>((resolve) => {
    for (const subject of ["then.a", "then.b", "nowhere.then"]) {
      inbox.publishThen(subject, `{"s":"${subject}"}`, `then-${subject}`, (error, ack) => {
        assert.ok(returned, "called back after publishThen returned");
        outcomes.push({ error, seq: ack?.seq });
        if (outcomes.length === 3) resolve();
      });
    }
    returned = true;
  });
  await all;
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(outcomes.length, 3, "each callback once");
  assert.deepEqual(
    outcomes
      .filter((o) => o.error === undefined)
      .map((o) => o.seq)
      .sort(),
    [1, 2],
  );
  assert.match(outcomes.find((o) => o.error !== undefined)!.error!.message, /no JetStream stream takes messages on nowhere\.then/);
});

test("the Nats-Msg-Id header is the same bytes the client would write, for a UUID and for any other ID", async () => {
  await makeStream(nc, "INBOX_IDS", ["ids.>"]);
  const inbox = new PubAckInbox(nc, { headers, createInbox }, 5000);
  // A UUID takes the short path; an ID with inner spaces the client's headers object (it keeps them).
  const ids = ["8f5e2a40-1c3b-4d8e-9a6f-0b7c5d3e2f10", "id with spaces", "x"];
  for (const id of ids) await inbox.publish("ids.one", "{}", id);
  assert.deepEqual(
    (await storedMessages(nc, "INBOX_IDS")).map((m) => m.header.get("Nats-Msg-Id")),
    ids,
  );
  // The stream de-duplicates on it: the short path's header is read as the ID.
  assert.equal((await inbox.publish("ids.one", "{}", ids[0]!)).duplicate, true);
  // CR or LF cannot be in a header: refused by the client, not written.
  await assert.rejects(inbox.publish("ids.one", "{}", "two\r\nlines"), /\\r or \\n/);
});

test("the publisher's publishThen retries like publish and calls back once the retry is acknowledged", async () => {
  let swallowed = 0;
  const blocker = nc.subscribe("thenretry.later", { callback: () => void swallowed++ });
  await nc.flush();
  const publisher = new JetStreamPublisher({ connection: nc }, { timeoutMs: 300, retryForMs: 10_000 });
  // Connected first, so publishThen takes its own path (through the inbox) rather than publish's.
  await makeStream(nc, "INBOX_WARM_A", ["warm-a.>"]);
  await publisher.publish("warm-a.x", "{}", "warm");
  const done = new Promise<Error | undefined>((resolve) => publisher.publishThen("thenretry.later", "{}", "then-retried", resolve));
  await new Promise((resolve) => setTimeout(resolve, 500));
  blocker.unsubscribe();
  await makeStream(nc, "INBOX_THEN_RETRY", ["thenretry.>"]);
  assert.equal(await done, undefined);
  assert.ok(swallowed >= 1);
  assert.ok(publisher.stats.retries >= 1);
  assert.deepEqual(
    (await storedMessages(nc, "INBOX_THEN_RETRY")).map((m) => m.header.get("Nats-Msg-Id")),
    ["then-retried"],
  );
});

test("the publisher's publishThen gives up with DELIVERY_FAILED after the retry time", async () => {
  const publisher = new JetStreamPublisher({ connection: nc }, { timeoutMs: 200, retryForMs: 600 });
  await makeStream(nc, "INBOX_WARM_B", ["warm-b.>"]);
  await publisher.publish("warm-b.x", "{}", "warm");
  const error = await new Promise<Error | undefined>((resolve) => publisher.publishThen("nowhere.then.retry", "{}", "lost", resolve));
  assert.equal((error as { code?: unknown } | undefined)?.code, "DELIVERY_FAILED");
  assert.match(error!.message, /did not acknowledge a message on nowhere\.then\.retry/);
  assert.equal(publisher.stats.failed, 1);
  assert.ok(publisher.stats.retries >= 1);
});
