// Per-process memory: what earlier lines of one host's process (its pid) said, so a later line of
// the same process that names no address (sshd's "Disconnecting: Too many authentication
// failures") can be tied to the client an earlier line named ("Connection from H port P").
// Bounded in entries and in time: a pid is reused, and a hostile input must not grow memory.
import type { MemoryKey } from "./rule-set.js";

/** At most this many host+program+pid entries; the least recently written goes first. */
export const MEMORY_MAX_ENTRIES = 4096;
/** An entry is recalled only by lines within this many ms (line time) of the one that wrote it. */
export const MEMORY_WINDOW_MS = 60_000;

export interface Remembered {
  readonly values: Readonly<Partial<Record<MemoryKey, string>>>;
  /** The line time (epoch ms) of the line that wrote it. */
  readonly ms: number;
  readonly ruleId: string;
}

export class ProcessMemory {
  // A Map keeps insertion order: deleting and setting again moves an entry to the young end.
  private readonly entries = new Map<string, Remembered>();

  constructor(
    private readonly maxEntries = MEMORY_MAX_ENTRIES,
    private readonly windowMs = MEMORY_WINDOW_MS,
  ) {}

  static key(host: string | undefined, program: string, pid: string): string {
    return `${host ?? ""}\u0000${program}\u0000${pid}`;
  }

  /** Adds values for a process (earlier values of other keys are kept if still fresh). */
  remember(key: string, values: Partial<Record<MemoryKey, string>>, ms: number, ruleId: string): void {
    const old = this.entries.get(key);
    const fresh = old !== undefined && Math.abs(ms - old.ms) <= this.windowMs;
    const merged = fresh ? { ...old.values, ...values } : values;
    // The rule named in Notes is the one that gave the address (a later line may add only a user).
    const by = fresh && values.address === undefined && old.values.address !== undefined ? old.ruleId : ruleId;
    this.entries.delete(key);
    this.entries.set(key, { values: merged, ms, ruleId: by });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
  }

  /** What the process said within the window around `ms`, or undefined. */
  recall(key: string, ms: number): Remembered | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (Math.abs(ms - entry.ms) > this.windowMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The entries, least recently written first: the state a `convert --jobs` rerun starts from. */
  snapshot(): [string, Remembered][] {
    return [...this.entries];
  }

  /** Replaces the entries by a snapshot's (same order, so the same one is evicted next). */
  restore(entries: readonly (readonly [string, Remembered])[]): void {
    this.entries.clear();
    for (const [key, entry] of entries) this.entries.set(key, entry);
  }

  static fromSnapshot(entries: readonly (readonly [string, Remembered])[]): ProcessMemory {
    const memory = new ProcessMemory();
    memory.restore(entries);
    return memory;
  }
}
