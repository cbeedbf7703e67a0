// JetStream helpers for tests: make a stream, read back everything it holds.
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { jetstreamManager, type StoredMsg } from "@nats-io/jetstream";

export async function natsConnection(server: string): Promise<NatsConnection> {
  return connect({ servers: server, name: "idmefv2 test" });
}

/** Creates (or replaces) a stream over `subjects`. */
export async function makeStream(nc: NatsConnection, name: string, subjects: readonly string[]): Promise<void> {
  const jsm = await jetstreamManager(nc);
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
