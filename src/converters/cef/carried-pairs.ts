// The key=value pairs of one CEF or LEEF event, gathered as the parser reads them: each slot's first
// non-empty value (the key table says which key fills which slot), the other pairs for the Note.
// One gatherer per run, reset per line: the parsers hand it each pair as they cut it, so no array
// of pairs is built in between (this runs for every pair of every line).
import { EVENT_SLOTS, type EventKeyTable, type EventSlot, type LabelledKeys } from "./event-slots.js";

/** What a pair scanner hands each key=value pair to, in the order they are written. */
export interface PairSink {
  add(key: string, value: string): void;
}

/** A sink that keeps every pair in order (the parsers' tests and anything that wants them all). */
export class PairList implements PairSink {
  readonly pairs: [key: string, value: string][] = [];

  add(key: string, value: string): void {
    this.pairs.push([key, value]);
  }
}

/** Values senders write for "nothing here". */
const EMPTY_VALUES = new Set(["", "-", '"-"', "N/A", "NULL", "null", "none", "None"]);
const LONGEST_EMPTY_VALUE = 4;

/** Whether the (trimmed) text is a "nothing here" value; long values are not hashed to find out. */
export function isEmptyValue(text: string): boolean {
  return text.length <= LONGEST_EMPTY_VALUE && EMPTY_VALUES.has(text);
}

const SLOT_INDEX: ReadonlyMap<EventSlot, number> = new Map(EVENT_SLOTS.map((slot, index) => [slot, index]));

/** Where a slot's value sits in `CarriedPairs.values`. */
export function slotIndex(slot: EventSlot): number {
  return SLOT_INDEX.get(slot)!;
}

// A key table read as key -> slot index, built once per table (the tables are module constants):
// a Map lookup per pair instead of a property lookup on a large object literal.
const keyIndexes = new WeakMap<EventKeyTable, ReadonlyMap<string, number>>();

function keyIndexOf(table: EventKeyTable): ReadonlyMap<string, number> {
  let index = keyIndexes.get(table);
  if (index === undefined) {
    const entries = Object.entries(table).map(([key, slot]): [string, number] => [key, SLOT_INDEX.get(slot)!]);
    // The keys also in lower case: senders that write "requestmethod" (Imperva Incapsula) or
    // "devicereceipttime" mean the dictionary's key; no two keys of a table differ only in case.
    index = new Map([...entries.map(([key, slot]): [string, number] => [key.toLowerCase(), slot]), ...entries]);
    keyIndexes.set(table, index);
  }
  return index;
}

export class CarriedPairs implements PairSink {
  /** Per slot: the first non-empty value of a key that maps to it, trimmed. */
  readonly values: (string | undefined)[] = new Array<string | undefined>(EVENT_SLOTS.length).fill(undefined);
  /** Per slot: that value as written (LEEF reads devTime untrimmed). */
  readonly rawValues: (string | undefined)[] = new Array<string | undefined>(EVENT_SLOTS.length).fill(undefined);
  /** Per slot: the key whose value it is (warnings and Note lines name it). */
  readonly valueKeys: (string | undefined)[] = new Array<string | undefined>(EVENT_SLOTS.length).fill(undefined);
  /** The pairs for the Note, in order, values as written. */
  readonly noteKeys: string[] = [];
  readonly noteValues: string[] = [];
  /** The label keys' values (cs1Label=...) by the key they label (cs1): a few per line, searched from the end. */
  private readonly labelKeys: string[] = [];
  private readonly labelValues: string[] = [];
  /** The slots filled so far (reset clears those only). */
  private readonly filled: number[] = [];
  /** The first value of `watchedKey`, whatever it is (LEEF's devTimeFormat); undefined when absent. */
  watched: string | undefined;
  private readonly keyIndex: ReadonlyMap<string, number>;

  constructor(
    keys: EventKeyTable,
    /** Custom keys written under the value of their label key (CEF's cs1/cs1Label ...). */
    private readonly labelled: LabelledKeys,
    private readonly watchedKey?: string,
  ) {
    this.keyIndex = keyIndexOf(keys);
  }

  /** Forgets the last event's pairs. */
  reset(): void {
    for (const index of this.filled) {
      this.values[index] = undefined;
      this.rawValues[index] = undefined;
      this.valueKeys[index] = undefined;
    }
    this.filled.length = 0;
    this.noteKeys.length = 0;
    this.noteValues.length = 0;
    this.labelKeys.length = 0;
    this.labelValues.length = 0;
    this.watched = undefined;
  }

  add(key: string, value: string): void {
    if (this.watched === undefined && key === this.watchedKey) this.watched = value;
    // A label may come after its value (cs1=... cs1Label=...): labels are applied once all are read.
    if (this.labelled.size > 0 && key.length > 5 && key.endsWith("Label") && this.labelled.has(key.slice(0, -5))) {
      this.labelKeys.push(key.slice(0, -5));
      this.labelValues.push(value);
      return;
    }
    const trimmed = value.trim();
    if (isEmptyValue(trimmed)) return;
    const index = this.keyIndex.get(key);
    if (index !== undefined && this.values[index] === undefined) {
      this.values[index] = trimmed;
      this.rawValues[index] = value;
      this.valueKeys[index] = key;
      this.filled.push(index);
      return;
    }
    this.noteKeys.push(key);
    this.noteValues.push(value);
  }

  /** The Note lines of the pairs no slot took, each under its label when it has one. */
  noteLines(): string[] {
    const notes: string[] = [];
    for (let i = 0; i < this.noteKeys.length; i++) {
      const key = this.noteKeys[i]!;
      const label = this.labelled.has(key) ? (this.labelOf(key) ?? key) : key;
      notes.push(`${label}: ${this.noteValues[i]}`);
    }
    return notes;
  }

  /** The last label given to `key`, if any. */
  private labelOf(key: string): string | undefined {
    for (let i = this.labelKeys.length - 1; i >= 0; i--) if (this.labelKeys[i] === key) return this.labelValues[i];
    return undefined;
  }
}
