// A JetStream pull-consumer worker: each input message is one record, converted by the pipeline;
// its messages and rejects are published and the input is acknowledged only after JetStream
// acknowledged every one of them.
import type { NatsConnection } from "@nats-io/transport-node";
import type { ConsumerMessages, JetStreamClient, JsMsg } from "@nats-io/jetstream";
import type { Converter } from "../../core/converter.js";
import { IdmefError, isIdmefError } from "../../core/errors.js";
import { uuidV5 } from "../../core/ids.js";
import type { Message } from "../../core/message.js";
import type { IdmefVersion } from "../../core/versions.js";
import { Accounting, type RunStats } from "../../framework/accounting.js";
import { detectFormat } from "../../framework/detect.js";
import type { FramingLimits } from "../../framework/framers/index.js";
import { runPipeline } from "../../framework/pipeline.js";
import type { FormatRegistry } from "../../framework/registry.js";
import type { MessageSink, RejectedRecord, RejectSink, WarningSink } from "../../framework/sinks.js";
import type { PipelineInput } from "../../framework/sources.js";
import { JetStreamPublisher, type PublisherStats } from "./publisher.js";

/** The header that names an input message's format (else --from, else detection on the payload). */
export const FORMAT_HEADER = "Idmefv2-Format";

export interface WorkerOptions {
  readonly connection: NatsConnection;
  /** The stream holding the input records. */
  readonly stream: string;
  /** The subject filter of the durable consumer (wildcards allowed). */
  readonly subject: string;
  /** The durable consumer's name: every worker started with the same one shares the work. */
  readonly durable: string;
  readonly outSubject: string;
  /** Where rejects are published (the usual reject JSON); without it they go to `rejects`. */
  readonly rejectsSubject?: string;
  /** Rejects when no rejects subject is given (the CLI lists them on stderr). */
  readonly rejects?: RejectSink;
  readonly warnings?: WarningSink;
  readonly registry: FormatRegistry;
  /** The format when the input names none (--from); else each payload is detected. */
  readonly from?: Converter;
  readonly optionsFor: (converter: Converter) => Readonly<Record<string, unknown>>;
  readonly version: IdmefVersion;
  readonly defaults?: Readonly<Record<string, unknown>>;
  readonly limits?: FramingLimits;
  /** How long JetStream waits for an input's ack before redelivering it, ms; default 30000. */
  readonly ackWaitMs?: number;
  /** Inputs pulled at a time, and inputs awaiting their outputs' PubAcks at most; default 256. */
  readonly batch?: number;
  /** Each publish attempt's wait for its PubAck, ms; default 5000. */
  readonly publishTimeoutMs?: number;
}

/** A worker's books: the pipeline's, and what happened to the inputs. */
export interface WorkerStats extends RunStats {
  /** Inputs acknowledged (every output acknowledged by JetStream). */
  acked: number;
  /** Inputs given back (a publish failed): JetStream delivers them again, here or to another worker. */
  naked: number;
  /** Inputs that came as redeliveries (an earlier worker did not ack them in time, or died). */
  redelivered: number;
  /** The publisher's books (duplicates: outputs JetStream already had, from an earlier delivery). */
  publish: PublisherStats;
}

export interface NatsWorker {
  /** The books so far. */
  stats(): WorkerStats;
  /** Stops pulling, finishes the inputs in hand (their acks), and resolves with the books. */
  stop(): Promise<WorkerStats>;
  /** Resolves when the worker ended (stopped, or its consumer went away). */
  readonly done: Promise<WorkerStats>;
}

/** Creates the durable pull consumer when it is not there (workers started together agree on it). */
async function ensureConsumer(options: WorkerOptions, ackWaitMs: number, batch: number): Promise<void> {
  const { jetstreamManager, AckPolicy, DeliverPolicy } = await import("@nats-io/jetstream");
  const { nanos } = await import("@nats-io/transport-node");
  const jsm = await jetstreamManager(options.connection);
  try {
    await jsm.streams.info(options.stream);
  } catch (error) {
    throw new IdmefError(
      "CONFIG_ERROR",
      `--stream ${options.stream}: no such JetStream stream on the server (${(error as Error).message})`,
      { cause: error },
    );
  }
  const existing = await jsm.consumers.info(options.stream, options.durable).catch(() => undefined);
  if (existing !== undefined) {
    if (existing.config.filter_subject !== undefined && existing.config.filter_subject !== options.subject) {
      throw new IdmefError(
        "CONFIG_ERROR",
        `--durable ${options.durable}: the consumer exists with subject ${existing.config.filter_subject}, not ${options.subject} (a durable is one work queue; name another)`,
      );
    }
    return;
  }
  try {
    await jsm.consumers.add(options.stream, {
      durable_name: options.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: options.subject,
      ack_wait: nanos(ackWaitMs),
      // Every worker may hold a batch at once; more in flight would only wait in their buffers.
      max_ack_pending: Math.max(1000, batch * 16),
    });
  } catch (error) {
    // Another worker created it meanwhile: fine when it is there now.
    if ((await jsm.consumers.info(options.stream, options.durable).catch(() => undefined)) === undefined) throw error;
  }
}

/** A one-chunk stream: the payload of one input message. */
async function* once(data: Buffer): AsyncGenerator<Buffer> {
  yield data;
}

/** An output of one input, published when its turn is sent. */
interface Output {
  readonly subject: string;
  readonly data: string;
  readonly id: string;
}

/** One input in hand: its message, what it made, and the writes that must be done before it is acked. */
interface InHand {
  readonly msg: JsMsg;
  readonly outputs: Output[];
  /** Writes to a reject sink other than JetStream (no rejects subject). */
  readonly otherWrites: Promise<unknown>[];
  rejects: number;
}

/**
 * Starts a worker on a durable pull consumer (created when missing). Message IDs are derived from
 * the stream and the input's stream sequence (the pipeline's record IDs with `nats:<stream>:<seq>`
 * as the input's identity): a redelivered input makes the same IDs, so JetStream's duplicate
 * window drops the repeats, while the same record in two inputs gives two messages.
 *
 * Inputs are handled in turns of the event loop: the inputs that one read from the socket brought
 * are converted, then all their outputs are published in one loop (one socket write, not one per
 * message; their PubAcks are awaited together), and the inputs whose outputs were all acknowledged
 * in one turn are acked in one loop too. Fewer, larger writes are what both the worker and the
 * nats-server spend their CPU on at thousands of inputs a second (profiled, issue 16).
 */
export async function startNatsWorker(options: WorkerOptions): Promise<NatsWorker> {
  const ackWaitMs = options.ackWaitMs ?? 30_000;
  const batch = options.batch ?? 256;
  await ensureConsumer(options, ackWaitMs, batch);
  const { jetstream } = await import("@nats-io/jetstream");
  const js: JetStreamClient = jetstream(options.connection);
  // Through one PubAck inbox rather than `js.publish` (a request per message): see PubAckInbox.
  const publisher = new JetStreamPublisher(
    { connection: options.connection },
    {
      ...(options.publishTimeoutMs !== undefined ? { timeoutMs: options.publishTimeoutMs } : {}),
      retryForMs: ackWaitMs / 2,
    },
  );
  const consumer = await js.consumers.get(options.stream, options.durable);
  const messages: ConsumerMessages = await consumer.consume({ max_messages: batch });

  const accounting = new Accounting();
  const counts = { acked: 0, naked: 0, redelivered: 0 };
  let current: InHand | undefined;
  /** Inputs pulled and not yet acked or given back: bounded by `batch`, so memory stays flat. */
  let inHandCount = 0;
  /** Woken whenever inputs leave the hand (back-pressure and `close` wait on it). */
  let waiting: (() => void)[] = [];
  const leftHand = (): Promise<void> => new Promise((resolve) => waiting.push(resolve));

  /** Inputs whose outputs are all acknowledged (or failed), acked in one loop at the end of the turn. */
  let settled: { readonly inHand: InHand; readonly stored: boolean }[] = [];
  const ackSettled = (): void => {
    const inputs = settled;
    settled = [];
    for (const { inHand, stored } of inputs) {
      if (stored) {
        inHand.msg.ack();
        counts.acked++;
      } else {
        // Not every output is stored: give the input back, so it is converted again (same IDs).
        inHand.msg.nak(1000);
        counts.naked++;
      }
    }
    inHandCount -= inputs.length;
    const woken = waiting;
    waiting = [];
    for (const wake of woken) wake();
  };
  const settle = (inHand: InHand, stored: boolean): void => {
    settled.push({ inHand, stored });
    if (settled.length === 1) setImmediate(ackSettled);
  };

  /** Inputs converted in this turn, their outputs not published yet. */
  let turn: InHand[] = [];
  const publishTurn = (): void => {
    const inputs = turn;
    turn = [];
    for (const inHand of inputs) {
      // Settled when the last of its writes is done: counted down by callbacks, no promise per
      // publish (thousands a second); an input with nothing to write is settled at once.
      let pending = inHand.outputs.length + inHand.otherWrites.length + 1;
      let stored = true;
      const written = (ok: boolean): void => {
        if (!ok) stored = false;
        if (--pending === 0) settle(inHand, stored);
      };
      const published = (error: Error | undefined): void => written(error === undefined);
      for (const output of inHand.outputs) publisher.publishThen(output.subject, output.data, output.id, published);
      for (const write of inHand.otherWrites)
        write.then(
          () => written(true),
          () => written(false),
        );
      written(true);
    }
  };
  /** The pipeline is done with this input: its outputs leave with the rest of the turn. */
  const converted = (inHand: InHand): void => {
    turn.push(inHand);
    if (turn.length === 1) setImmediate(publishTurn);
  };

  const publishReject = (reject: RejectedRecord, inHand: InHand): void => {
    const seq = inHand.msg.seq;
    const id = uuidV5(`idmefv2-reject\0${options.stream}\0${seq}\0${inHand.rejects++}`);
    inHand.outputs.push({ subject: options.rejectsSubject!, data: JSON.stringify(reject), id });
  };

  const messageSink: MessageSink = {
    write(message: Message) {
      const id = (message as { ID?: unknown }).ID;
      current!.outputs.push({ subject: options.outSubject, data: JSON.stringify(message), id: typeof id === "string" ? id : String(id) });
    },
    async close() {
      while (inHandCount > 0) await leftHand();
    },
  };
  const rejectSink: RejectSink = {
    write(reject) {
      if (options.rejectsSubject !== undefined) return publishReject(reject, current!);
      const written = options.rejects?.write(reject);
      if (written !== undefined) current!.otherWrites.push(written);
    },
  };

  /** The converter of one input: its header, else --from, else detection; a reject when none fits. */
  const converterOf = (msg: JsMsg, name: string): Converter | { code: string; reason: string } => {
    try {
      const named = msg.headers?.get(FORMAT_HEADER) ?? "";
      if (named !== "") return options.registry.get(named);
      if (options.from !== undefined) return options.from;
      return detectFormat(Buffer.from(msg.data.subarray(0, 64 * 1024)).toString("utf8"), options.registry, name).entry.converter;
    } catch (error) {
      if (!isIdmefError(error)) throw error;
      return { code: error.code, reason: error.message };
    }
  };

  async function* inputs(): AsyncGenerator<PipelineInput> {
    for await (const msg of messages) {
      // Back-pressure: no more inputs in hand than a batch, so memory stays flat.
      while (inHandCount >= batch) await leftHand();
      const inHand: InHand = { msg, outputs: [], otherWrites: [], rejects: 0 };
      current = inHand;
      inHandCount++;
      if (msg.redelivered) counts.redelivered++;
      const name = `${options.stream}#${msg.seq}`;
      const converter = converterOf(msg, name);
      if ("code" in converter) {
        accounting.rejected(converter.code);
        rejectSink.write({
          file: name,
          line: 1,
          code: converter.code,
          reason: converter.reason,
          problems: [],
          record: Buffer.from(msg.data.subarray(0, 1024)).toString("utf8"),
        });
        converted(inHand);
        continue;
      }
      const data = Buffer.from(msg.data.buffer, msg.data.byteOffset, msg.data.byteLength);
      yield {
        name,
        identity: `nats:${options.stream}:${msg.seq}`,
        stream: once(data),
        size: data.length,
        converter,
        options: options.optionsFor(converter),
      };
      // The pipeline asks for the next input as soon as this one went through every stage: its
      // outputs are all written, and leave with the turn's.
      converted(inHand);
    }
    current = undefined;
  }

  const done = runPipeline({
    converter: options.from ?? options.registry.entries()[0]!.converter,
    inputs: inputs(),
    version: options.version,
    accounting,
    ...(options.defaults !== undefined ? { defaults: options.defaults } : {}),
    ...(options.limits !== undefined ? { limits: options.limits } : {}),
    sinks: { messages: messageSink, rejects: rejectSink, ...(options.warnings !== undefined ? { warnings: options.warnings } : {}) },
  }).then(() => stats());

  function stats(): WorkerStats {
    return { ...structuredClone(accounting.stats), ...counts, publish: { ...publisher.stats } };
  }

  return {
    stats,
    done,
    async stop() {
      // Inputs pulled but not handed to the pipeline yet are not acked: JetStream redelivers them.
      await messages.close();
      return done;
    },
  };
}
