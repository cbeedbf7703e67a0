// JetStream helpers for tests: make a stream, read back everything it holds.
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { jetstream, jetstreamManager, type JetStreamManager, type StoredMsg } from "@nats-io/jetstream";

// Tests stop and restart their nats-server (a broker outage): the test's own connection must come back
// quickly and never give up, or the next test's first request times out while it is still waiting
// to reconnect (seen under load: the default 2 s wait, 10 attempts).
export async function natsConnection(server: string): Promise<NatsConnection> {
  return connect({ servers: server, name: "idmefv2 test", reconnectTimeWait: 100, maxReconnectAttempts: -1 });
}

/** A JetStream manager once the connection is up and JetStream answers (it recovers its store after a restart). */
async function readyManager(nc: NatsConnection): Promise<JetStreamManager> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await nc.flush();
      return await jetstreamManager(nc, { timeout: 2_000 });
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** Creates (or replaces) a stream over `subjects`. */
export async function makeStream(nc: NatsConnection, name: string, subjects: readonly string[]): Promise<void> {
  const jsm = await readyManager(nc);
  await jsm.streams.delete(name).catch(() => undefined);
  await jsm.streams.add({ name, subjects: [...subjects] });
}

/** Every message the stream holds, in order. */
export async function storedMessages(nc: NatsConnection, stream: string): Promise<StoredMsg[]> {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(stream);
  const result: StoredMsg[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const message = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
    if (message !== null) result.push(message);
  }
  return result;
}

/** Every message of a stream read through an ordered consumer: fast for tens of thousands. */
export async function streamContents(
  nc: NatsConnection,
  stream: string,
): Promise<{ subject: string; seq: number; data: string; msgId: string | undefined }[]> {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(stream);
  if (info.state.messages === 0) return [];
  const js = jetstream(nc);
  const consumer = await js.consumers.get(stream);
  const result: { subject: string; seq: number; data: string; msgId: string | undefined }[] = [];
  const messages = await consumer.consume({ max_messages: 1000 });
  for await (const m of messages) {
    result.push({ subject: m.subject, seq: m.seq, data: m.string(), msgId: m.headers?.get("Nats-Msg-Id") });
    if (m.info.pending === 0) break;
  }
  await messages.close();
  return result;
}

/** The durable consumer's state: what is left to deliver and to ack. */
export async function consumerState(
  nc: NatsConnection,
  stream: string,
  durable: string,
): Promise<{ pending: number; ackPending: number; redelivered: number; ackFloor: number }> {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.consumers.info(stream, durable);
  return {
    pending: info.num_pending,
    ackPending: info.num_ack_pending,
    redelivered: info.num_redelivered,
    ackFloor: info.ack_floor.stream_seq,
  };
}
