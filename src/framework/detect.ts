// Format detection: every converter with a `detect` scores a sample (the first 64 KiB) and the
// best one wins only when it is confident and clearly ahead; otherwise the error lists candidates.
// An exact tie goes to the later registration (a plugin over a built-in), as name lookups do.
import { IdmefError } from "../core/errors.js";
import type { FormatRegistry, RegisteredFormat } from "./registry.js";

export const SAMPLE_BYTES = 64 * 1024;
/** Below this confidence a format is not considered recognized. */
export const DETECT_THRESHOLD = 0.5;
/** Two candidates closer than this are ambiguous. */
export const AMBIGUITY_MARGIN = 0.1;

export interface DetectionScore {
  readonly format: string;
  readonly score: number;
}

export interface Detection {
  readonly entry: RegisteredFormat;
  readonly score: number;
  /** Every format's score, best first (on equal scores, the later registration first). */
  readonly scores: readonly DetectionScore[];
  /** Formats that scored exactly as high and lost because they were registered earlier. */
  readonly tiedWith: readonly string[];
}

/** Scores this close are equal: detectors compute shares of lines, which may differ in the last bits. */
const TIE_EPSILON = 1e-9;

/** Scores of every detecting converter for a sample, best first; a throwing detect scores 0. */
export function scoreSample(sample: string, registry: FormatRegistry): DetectionScore[] {
  const scores: DetectionScore[] = [];
  for (const entry of registry.entries()) {
    const detect = entry.converter.detect;
    if (detect === undefined) continue;
    let score = 0;
    try {
      const value = detect.call(entry.converter, sample);
      score = Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
    } catch {
      score = 0;
    }
    scores.push({ format: entry.converter.format, score });
  }
  // Stable sort on a reversed list: equal scores keep the later registration first.
  return scores.reverse().sort((a, b) => (Math.abs(b.score - a.score) <= TIE_EPSILON ? 0 : b.score - a.score));
}

function formatScores(scores: readonly DetectionScore[]): string {
  return scores.map((s) => `${s.format} ${s.score.toFixed(2)}`).join(", ");
}

/** The detected format of a sample, or an IdmefError (UNKNOWN_FORMAT / AMBIGUOUS_FORMAT) naming `what`. */
export function detectFormat(sample: string, registry: FormatRegistry, what: string): Detection {
  const scores = scoreSample(sample, registry);
  const best = scores[0];
  const formats = registry.names().join(", ") || "(none)";
  if (best === undefined || best.score < DETECT_THRESHOLD) {
    const seen = scores.filter((s) => s.score > 0);
    throw new IdmefError(
      "UNKNOWN_FORMAT",
      `cannot tell the format of ${what}: no converter recognizes it${seen.length > 0 ? ` (closest: ${formatScores(seen.slice(0, 3))})` : ""}; ` +
        `give --from with one of: ${formats}`,
    );
  }
  const tied = scores.filter((s) => s !== best && best.score - s.score <= TIE_EPSILON);
  // Close but not tied is still ambiguous: nothing says which of two different scores to trust.
  const close = scores.filter((s) => s.score >= DETECT_THRESHOLD && best.score - s.score < AMBIGUITY_MARGIN && !tied.includes(s));
  if (close.length > 1) {
    throw new IdmefError(
      "AMBIGUOUS_FORMAT",
      `the format of ${what} is ambiguous: candidates ${formatScores(close)}; give --from with one of them`,
    );
  }
  return { entry: registry.lookup(best.format)!, score: best.score, scores, tiedWith: tied.map((s) => s.format) };
}

/**
 * Reads the first `bytes` of a stream for detection and gives back a stream that replays them
 * before the rest, so stdin can be detected without losing a byte.
 */
export async function peekStream(
  stream: AsyncIterable<Buffer | string>,
  bytes = SAMPLE_BYTES,
): Promise<{ sample: string; stream: AsyncIterable<Buffer> }> {
  const iterator = stream[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < bytes) {
    const next = await iterator.next();
    if (next.done === true) {
      done = true;
      break;
    }
    const chunk = typeof next.value === "string" ? Buffer.from(next.value, "utf8") : next.value;
    head.push(chunk);
    size += chunk.length;
  }
  const sample = Buffer.concat(head).toString("utf8", 0, Math.min(size, bytes));
  async function* replay(): AsyncGenerator<Buffer> {
    yield* head;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) return;
      yield typeof next.value === "string" ? Buffer.from(next.value, "utf8") : next.value;
    }
  }
  return { sample, stream: replay() };
}
