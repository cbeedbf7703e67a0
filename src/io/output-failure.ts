// What a run does when an output cannot be written (a full disk, an I/O error): it stops reading,
// writes nothing more, counts what it could not write, and lets the caller print the books and
// exit with its own code, instead of dying with half a line on disk and no accounting.
import { IdmefError } from "../core/errors.js";
import type { Message } from "../core/message.js";
import type { RecordSource } from "../core/converter.js";
import type { MessageSink } from "../framework/sinks.js";
import { storageError } from "./durable-file.js";

/** The first write failure of a run, and what was not written because of it. */
export class OutputFailure {
  /** The first failure (STORAGE_FULL or OUTPUT_ERROR, naming the file); undefined while all is well. */
  error: IdmefError | undefined;
  /** Messages converted but not written (by the failed sink or after it). */
  unwrittenMessages = 0;
  /** Rejected records that could not be written to the rejects file. */
  unwrittenRejects = 0;
  private readonly listeners: (() => void)[] = [];

  get failed(): boolean {
    return this.error !== undefined;
  }

  /** `listener` runs once, at the first failure (the CLI stops reading there). */
  onFailure(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Records a failure of writing to `file`; the first one is kept and announced. */
  fail(error: unknown, file: string): void {
    if (this.error !== undefined) return;
    this.error = error instanceof IdmefError ? error : storageError(error, file);
    for (const listener of this.listeners.splice(0)) listener();
  }
}

/**
 * `sink` (the HTTPS delivery and its spool), except that a failure to store a message is recorded
 * in `failure` instead of thrown: the message and every later one are counted as not written.
 */
export function guardMessageSink(sink: MessageSink, name: string, failure: OutputFailure): MessageSink {
  const attempt = async (work: () => void | Promise<void>): Promise<boolean> => {
    try {
      await work();
      return true;
    } catch (error) {
      failure.fail(error, name);
      return false;
    }
  };
  return {
    async write(message: Message, origin: RecordSource) {
      if (failure.failed || !(await attempt(() => sink.write(message, origin)))) failure.unwrittenMessages++;
    },
    ...(sink.writeSerialized !== undefined
      ? {
          async writeSerialized(json: string, origin: RecordSource) {
            if (failure.failed || !(await attempt(() => sink.writeSerialized!(json, origin)))) failure.unwrittenMessages++;
          },
        }
      : {}),
    async flush() {
      if (!failure.failed && sink.flush !== undefined) await attempt(() => sink.flush!());
    },
    async close() {
      if (sink.close !== undefined) await attempt(() => sink.close!());
    },
  };
}
