// What one run of a log-to-alert converter carries from record to record: per input, the last
// event (for "last message repeated N times") and the per-process memory; the run's reference
// clock for year inference; the analyzer IDs of the hosts seen. Made by `setup`, so two runs in
// one process (two pipelines, a listener beside a convert) never see each other's lines.
import type { ConvertContext } from "../../core/converter.js";
import { uuidV5 } from "../../core/ids.js";
import { ProcessMemory } from "./process-memory.js";
import { activeSegment, segmentState } from "./split-segment.js";
import type { RuleMatch } from "./rule-engine.js";
import type { SyslogRecord } from "./syslog-record.js";

export interface RememberedEvent {
  readonly record: SyslogRecord;
  readonly match: RuleMatch;
}

/** What one input (a file, a listener peer) carries from line to line. */
export interface InputState {
  /** The last event, for syslogd's "last message repeated N times" (which names no event). */
  last: RememberedEvent | undefined;
  readonly memory: ProcessMemory;
  /** Per-input facts a converter keeps (applog: the program detected on the last line). */
  detected: unknown;
}

/** At most this many inputs keep state (a listener with many peers names many inputs). */
export const MAX_INPUTS = 256;
const MAX_ANALYZER_IDS = 10_000;
/** Formatting "now" per line is costly: the run's clock is asked again after this many ms. */
const NOW_REFRESH_MS = 250;

export class RunState {
  private readonly inputs = new Map<string, InputState>();
  private readonly analyzerIds = new Map<string, string>();
  private readonly fixedReferenceMs: number | undefined;
  private clock: (() => string) | undefined;
  private clockAt = 0;
  private clockMs = 0;

  /** `referenceTime`: the run's fixed "now" for year inference (checked RFC 3339), if given. */
  constructor(referenceTime?: string) {
    this.fixedReferenceMs = referenceTime === undefined ? undefined : Date.parse(referenceTime);
  }

  /** The state of the record's input; a new pass over the same name (line 1 again) starts afresh. */
  input(ctx: ConvertContext): InputState {
    const name = ctx.source.file;
    // A worker of `convert --jobs N` converting a range of this input: the range's own state.
    const split = segmentState(name, ctx.source.line);
    if (split !== undefined) return split;
    let state = this.inputs.get(name);
    if (state === undefined || ctx.source.line === 1) {
      state = { last: undefined, memory: new ProcessMemory(), detected: undefined };
      this.inputs.delete(name);
      if (this.inputs.size >= MAX_INPUTS) this.inputs.delete(this.inputs.keys().next().value!);
      this.inputs.set(name, state);
    }
    return state;
  }

  /** Lines before a `convert --jobs` range rebuild state only: no message is built for them. */
  get warmingUp(): boolean {
    return activeSegment()?.warmingUp === true;
  }

  /** "Now" for year inference in epoch ms: `referenceTime`, else the context's clock. */
  referenceMs(ctx: ConvertContext): number {
    if (this.fixedReferenceMs !== undefined) return this.fixedReferenceMs;
    const wall = Date.now();
    if (ctx.now !== this.clock || wall - this.clockAt >= NOW_REFRESH_MS) {
      const ms = Date.parse(ctx.now());
      this.clockMs = Number.isNaN(ms) ? wall : ms;
      this.clock = ctx.now;
      this.clockAt = wall;
    }
    return this.clockMs;
  }

  /** One analyzer ID per host, stable across runs (UUID v5 of the host name). */
  analyzerId(host: string): string {
    let id = this.analyzerIds.get(host);
    if (id === undefined) {
      id = uuidV5(`syslog-analyzer:${host}`);
      if (this.analyzerIds.size >= MAX_ANALYZER_IDS) this.analyzerIds.clear();
      this.analyzerIds.set(host, id);
    }
    return id;
  }
}
