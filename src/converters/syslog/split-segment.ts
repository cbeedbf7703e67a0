// `convert --jobs N` on one syslog input: each worker converts a range of its lines speculatively,
// from the state a lead-in of the lines before the range leaves (converted, not written), and
// journals every read and write of the per-input state — the per-process memory's remember and
// recall, "last message repeated"'s last event. The main thread replays the journals in input
// order on the true state and keeps a range's result only if every read gave what the true state
// gives; else the range is converted again from the true state. So the output is exactly that of
// one thread (docs/decisions.md, "convert --jobs N").
import { ProcessMemory, type Remembered } from "./process-memory.js";
import type { InputState, RememberedEvent } from "./run-state.js";
import type { MemoryKey } from "./rule-set.js";

type Values = Partial<Record<MemoryKey, string>>;

/** One state operation of a range, in order: a remember, or a recall with what it gave. */
export type StateOp =
  | readonly [kind: 0, key: string, values: Values, ms: number, ruleId: string]
  | readonly [kind: 1, key: string, ms: number, got: Remembered | null];

/** A line that set the last event: its number and text (to set it again for a rerun). */
export interface LastLine {
  readonly line: number;
  readonly endOffset: number;
  readonly text: string;
}

/** What a range's speculative run read and wrote, for the main thread's check (`SplitReplay`). */
export interface SegmentJournal {
  readonly ops: StateOp[];
  /** The last event a line read before any line of the range set it: the line that had set it (0: none). */
  lastReadBeforeSet: number | undefined;
  /** The range's own last write of the last event: set by that line, cleared (null), or untouched (undefined). */
  lastWrite: LastLine | null | undefined;
}

/** A ProcessMemory that journals what it is asked while the segment is journaling. */
class JournaledMemory extends ProcessMemory {
  constructor(private readonly segment: Segment) {
    super();
  }

  override remember(key: string, values: Values, ms: number, ruleId: string): void {
    if (this.segment.journaling) this.segment.journal.ops.push([0, key, values, ms, ruleId]);
    super.remember(key, values, ms, ruleId);
  }

  override recall(key: string, ms: number): Remembered | undefined {
    const got = super.recall(key, ms);
    if (this.segment.journaling) this.segment.journal.ops.push([1, key, ms, got ?? null]);
    return got;
  }
}

export class Segment {
  journaling = false;
  /** Lines that only rebuild state: converted up to their state operations, no message built. */
  warmingUp = false;
  readonly journal: SegmentJournal = { ops: [], lastReadBeforeSet: undefined, lastWrite: undefined };
  state: InputState;
  /** The record being converted (set by the worker before each): who sets the last event. */
  current: LastLine = { line: 0, endOffset: 0, text: "" };
  private lastEvent: RememberedEvent | undefined;
  private lastBy = 0;

  constructor(readonly file: string) {
    this.state = this.freshState();
  }

  freshState(): InputState {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const segment = this;
    this.lastEvent = undefined;
    this.lastBy = 0;
    return {
      memory: new JournaledMemory(this),
      detected: undefined,
      get last(): RememberedEvent | undefined {
        if (segment.journaling && segment.journal.lastWrite === undefined && segment.journal.lastReadBeforeSet === undefined) {
          segment.journal.lastReadBeforeSet = segment.lastBy;
        }
        return segment.lastEvent;
      },
      set last(event: RememberedEvent | undefined) {
        segment.lastEvent = event;
        segment.lastBy = event === undefined ? 0 : segment.current.line;
        if (segment.journaling) segment.journal.lastWrite = event === undefined ? null : segment.current;
      },
    };
  }
}

let active: Segment | undefined;

/** Starts converting a range of `file` in a fresh state (the worker, before its lead-in). */
export function startSegment(file: string): void {
  active = new Segment(file);
}

/** The segment being converted, if any (none on one thread). */
export function activeSegment(): Segment | undefined {
  return active;
}

/** Ends the segment; returns its journal. */
export function endSegment(): SegmentJournal | undefined {
  const journal = active?.journal;
  active = undefined;
  // The line as the worker framed it carries more than a rerun needs.
  const last = journal?.lastWrite;
  if (journal !== undefined && last) journal.lastWrite = { line: last.line, endOffset: last.endOffset, text: last.text };
  return journal;
}

/** The state of `file` while a segment of it is converted (a new pass from line 1 starts afresh). */
export function segmentState(file: string, line: number): InputState | undefined {
  if (active === undefined || active.file !== file) return undefined;
  if (line === 1) active.state = active.freshState();
  return active.state;
}

/** Memory entries, oldest write first: a rerun's seed. */
export type MemorySeed = readonly (readonly [string, Remembered])[];

/**
 * The true state of one split input on the main thread, moved on by each range's journal in
 * input order; says whether the range's speculative reads were the true ones.
 */
export class SplitReplay {
  private memory = new ProcessMemory();
  private last: LastLine | undefined;

  /** The state now, for a rerun of the next range from it. */
  seed(): { readonly memory: MemorySeed; readonly last: LastLine | undefined } {
    return { memory: this.memory.snapshot(), last: this.last };
  }

  /**
   * Replays a range's journal. True if every read matched (the state then moves on); false
   * otherwise (the state is left as before: the range is to be converted again from `seed()`).
   */
  apply(journal: SegmentJournal): boolean {
    if (journal.lastReadBeforeSet !== undefined && journal.lastReadBeforeSet !== (this.last?.line ?? 0)) return false;
    const before = this.memory.snapshot();
    for (const op of journal.ops) {
      if (op[0] === 0) {
        this.memory.remember(op[1], op[2], op[3], op[4]);
      } else if (!sameRemembered(this.memory.recall(op[1], op[2]), op[3])) {
        this.memory = ProcessMemory.fromSnapshot(before);
        return false;
      }
    }
    if (journal.lastWrite !== undefined) this.last = journal.lastWrite ?? undefined;
    return true;
  }
}

function sameRemembered(a: Remembered | undefined, b: Remembered | null): boolean {
  if (a === undefined || b === null) return a === undefined && b === null;
  if (a.ms !== b.ms || a.ruleId !== b.ruleId) return false;
  const keys = Object.keys(a.values) as MemoryKey[];
  if (keys.length !== Object.keys(b.values).length) return false;
  return keys.every((key) => a.values[key] === b.values[key]);
}
