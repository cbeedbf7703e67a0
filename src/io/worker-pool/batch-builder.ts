// Collects framed records into one batch for a worker: the usual record as its text alone, the
// rest (skips, rejects, records with warnings) as framed objects, so a batch costs one
// postMessage and little copying.
import type { Framed } from "../../framework/framers/index.js";
import type { BatchInput, BatchRequest } from "./protocol.js";

/**
 * A batch is sent when it holds this many records or this many characters of text. Small enough
 * that a batch's objects die young in the worker (with 256 Ki characters they outlived scavenges
 * and the workers' old generations grew: 290 MB peak RSS for --jobs 2 on a 45 MB log, 200 MB with
 * these), big enough that postMessage is a small share.
 */
export const BATCH_RECORDS = 1024;
export const BATCH_CHARS = 64 * 1024;

export class BatchBuilder {
  private texts: string[] = [];
  private places: number[] = [];
  private textIndexes: number[] = [];
  private others: [number, Framed][] = [];
  private chars = 0;
  private firstLine = 0;
  count = 0;
  /** The end offset of the last record added (the batch's commit position). */
  lastEnd = 0;
  /** Sent with the next batch: the state its input's records start from (a split syslog input). */
  seed: BatchRequest["seed"];

  /**
   * `idOffset`: the end offset the record's derived IDs name, when it is not `framed.endOffset`
   * (follow mode: the offset in the record's file, see PipelineInput.placeOf).
   */
  add(framed: Framed, idOffset = framed.endOffset): void {
    if (this.count === 0) this.firstLine = framed.line;
    if (framed.kind === "record" && framed.warnings === undefined && framed.value === framed.text) {
      this.texts.push(framed.text);
      this.places.push(framed.line, idOffset);
      this.textIndexes.push(this.count);
      this.chars += framed.text.length;
    } else {
      this.others.push([this.count, idOffset === framed.endOffset ? framed : { ...framed, endOffset: idOffset }]);
      if (framed.kind !== "skip") this.chars += framed.text.length;
    }
    this.count++;
    if (framed.endOffset > this.lastEnd) this.lastEnd = framed.endOffset;
  }

  get full(): boolean {
    return this.count >= BATCH_RECORDS || this.chars >= BATCH_CHARS;
  }

  /** The line of the batch's first record (for an error naming what was not converted). */
  get startLine(): number {
    return this.firstLine;
  }

  /** The batch so far as a request; the builder starts empty again (lastEnd carries on). */
  take(seq: number, input: BatchInput): BatchRequest {
    const request: BatchRequest = {
      type: "batch",
      seq,
      input,
      count: this.count,
      texts: this.texts,
      places: Float64Array.from(this.places),
      textIndexes: Int32Array.from(this.textIndexes),
      others: this.others,
      ...(this.seed !== undefined ? { seed: this.seed } : {}),
    };
    this.seed = undefined;
    this.texts = [];
    this.places = [];
    this.textIndexes = [];
    this.others = [];
    this.chars = 0;
    this.count = 0;
    return request;
  }
}
