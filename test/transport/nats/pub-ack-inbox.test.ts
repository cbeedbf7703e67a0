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
