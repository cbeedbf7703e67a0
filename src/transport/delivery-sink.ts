// Plugs the delivery client into the conversion pipeline as its message sink.
import type { Message } from "../core/message.js";
import type { RecordSource } from "../core/converter.js";
import type { Problem } from "../core/validator.js";
import type { MessageSink, RejectedRecord, RejectSink } from "../framework/sinks.js";
import { DeliveryClient, type DeliveryClientOptions, type DeliveryRejection, type DeliveryStats } from "./client.js";

/** The code under which messages refused by the receiver are counted and written to the rejects. */
export const DELIVERY_REJECTED = "DELIVERY_REJECTED";

function problemsOf(answer: unknown): readonly Problem[] {
  const problems = (answer as { problems?: unknown } | null)?.problems;
  if (!Array.isArray(problems)) return [];
  return problems.filter(
    (p): p is Problem =>
      p !== null && typeof p === "object" && typeof (p as Problem).pointer === "string" && typeof (p as Problem).message === "string",
  );
}

/** A refused message as a pipeline reject: its origin, the receiver's reason and problems, the message. */
export function rejectionToRecord(rejection: DeliveryRejection): RejectedRecord {
  const answer = rejection.answer;
  const told = answer !== null && typeof answer === "object" ? (answer as { error?: unknown }).error : answer;
  const detail = typeof told === "string" && told !== "" ? `: ${told.slice(0, 500)}` : "";
  return {
    file: rejection.origin?.file ?? "",
    line: rejection.origin?.line ?? 0,
    code: DELIVERY_REJECTED,
    reason: `${rejection.reason}${detail}`,
    problems: problemsOf(answer),
    record: rejection.body,
  };
}

export interface DeliverySinkOptions extends Omit<DeliveryClientOptions, "onReject" | "validate"> {
  /**
   * The pipeline's rejects: refused messages are written there (and flushed) before the spool
   * forgets them. Without it they go to rejects.ndjson in the spool directory.
   */
  readonly rejects?: RejectSink;
}

/**
 * A MessageSink that spools each message and delivers it over HTTPS. The pipeline has validated
 * the message already, so the client does not validate again. `write` returns once the message is
 * in the spool (at the spool's cap it waits for room: the pipeline stops reading meanwhile); `flush` fsyncs the spool (follow mode commits its position after it); `close`
 * waits for delivery (bounded by the drain timeout). `stats()` gives the delivery books.
 */
export class DeliverySink implements MessageSink {
  readonly client: DeliveryClient;
  private finalStats: DeliveryStats | undefined;

  constructor(options: DeliverySinkOptions) {
    const { rejects, ...clientOptions } = options;
    this.client = new DeliveryClient({
      ...clientOptions,
      validate: false,
      ...(rejects === undefined
        ? {}
        : {
            onReject: async (rejection: DeliveryRejection) => {
              await rejects.write(rejectionToRecord(rejection));
              await rejects.flush?.();
            },
          }),
    });
  }

  write(message: Message, origin: RecordSource): Promise<void> {
    return this.client.send(message, { file: origin.file, line: origin.line });
  }

  flush(): Promise<void> {
    return this.client.flush();
  }

  /** See DeliveryClient.liftSpoolCap: a stopping daemon keeps what it already took. */
  liftSpoolCap(): void {
    this.client.liftSpoolCap();
  }

  async close(): Promise<void> {
    this.finalStats = await this.client.close();
  }

  stats(): DeliveryStats {
    return this.finalStats ?? this.client.stats();
  }
}
