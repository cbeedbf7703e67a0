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

/**
 * Whether the (trimmed) text is a value senders write for "nothing here": "", "-", '"-"', "N/A",
 * "NULL", "null", "none", "None". Compared by length first: this runs for every pair, and most
 * values are no such word (a Set lookup hashed every short value).
 */
export function isEmptyValue(text: string): boolean {
  switch (text.length) {
    case 0:
      return true;
    case 1:
      return text === "-";
    case 3:
      return text === '"-"' || text === "N/A";
    case 4:
      return text === "NULL" || text === "null" || text === "none" || text === "None";
    default:
      return false;
  }
}

/** Whether c is printable ASCII other than the space: no String.prototype.trim white space. */
function isPlainEnd(c: number): boolean {
  return c > 32 && c < 127;
}

/** value.trim(), without the call when both ends are plain characters (nearly every value). */
function trimmed(value: string): string {
  return isPlainEnd(value.charCodeAt(0)) && isPlainEnd(value.charCodeAt(value.length - 1)) ? value : value.trim();
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

/** A route with no slot (see CarriedPairs.routes); the slot bits of a route are `route & NO_SLOT`. */
const NO_SLOT = 1023;
const LABEL_SUFFIX = "Label";

/**
 * A label without the double quotes some senders wrap it in (CyberArk's stock XSL writes
 * `cs2Label="Safe Name"`): a label names a field, the quotes are no part of the name.
 */
function unquotedLabel(label: string): string {
  return label.length >= 2 && label.charCodeAt(0) === 34 && label.charCodeAt(label.length - 1) === 34 ? label.slice(1, -1) : label;
}

/** Whether the key ends in "Label" with something before it (checked from the end: most keys fail at once). */
function isLabelKeyName(key: string): boolean {
  return key.length > LABEL_SUFFIX.length && key.charCodeAt(key.length - 1) === 108 /* l */ && key.endsWith(LABEL_SUFFIX);
}

/** Key -> route, looked up by the key's length and first character, then by comparing the few keys there. */
class RouteTable {
  /** Per (length, first character & 63): the keys there and their routes, alternating. */
  private readonly buckets: (readonly (string | number)[] | undefined)[] = new Array<undefined>(64 * (MAX_ROUTED_KEY + 1)).fill(undefined);

  constructor(routes: ReadonlyMap<string, number>) {
    const buckets = new Map<number, (string | number)[]>();
    for (const [key, route] of routes) {
      const at = RouteTable.bucketOf(key);
      if (at === undefined) continue; // longer than any key a scanner hands over
      let bucket = buckets.get(at);
      if (bucket === undefined) buckets.set(at, (bucket = []));
      bucket.push(key, route);
    }
    for (const [at, bucket] of buckets) this.buckets[at] = bucket;
  }

  private static bucketOf(key: string): number | undefined {
    return key.length > MAX_ROUTED_KEY ? undefined : key.length * 64 + (key.charCodeAt(0) & 63);
  }

  /** The key's route; NO_SLOT for a key the table does not name. */
  get(key: string): number {
    if (key.length > MAX_ROUTED_KEY) return NO_SLOT;
    const bucket = this.buckets[key.length * 64 + (key.charCodeAt(0) & 63)];
    if (bucket !== undefined) for (let i = 0; i < bucket.length; i += 2) if (bucket[i] === key) return bucket[i + 1] as number;
    return NO_SLOT;
  }
}

/** Keys longer than this are looked up as unknown (no table key is near it; the scanners cap keys at 100). */
const MAX_ROUTED_KEY = 100;

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
  /**
   * Per key, where its pair goes: a slot index (NO_SLOT: none). Found by length and first
   * character, then compared: the keys of a line are new strings, and hashing each one for a Map
   * lookup cost more than the few compares. Labelled keys (`cs1`, `cs7`, `flexString1` ...) are a
   * predicate, not a list (any number of custom fields), so they are asked of `labelled`.
   */
  private readonly routes: RouteTable;
  constructor(
    keys: EventKeyTable,
    /** Custom keys written under the value of their label key (CEF's cs1/cs1Label ...). */
    private readonly labelled: LabelledKeys,
    private readonly watchedKey?: string,
  ) {
    this.routes = new RouteTable(keyIndexOf(keys));
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
    // A label key goes to the labels whatever else the table says of it ("<key>Label" of a labelled key).
    if (this.labelled.size > 0 && isLabelKeyName(key)) {
      const labelledKey = key.slice(0, -LABEL_SUFFIX.length);
      if (this.labelled.has(labelledKey)) {
        this.labelKeys.push(labelledKey);
        this.labelValues.push(unquotedLabel(value));
        return;
      }
    }
    const route = this.routes.get(key);
    const text = trimmed(value);
    if (isEmptyValue(text)) return;
    const index = route & NO_SLOT;
    if (index !== NO_SLOT && this.values[index] === undefined) {
      this.values[index] = text;
      this.rawValues[index] = value;
      this.valueKeys[index] = key;
      this.filled.push(index);
      return;
    }
    this.noteKeys.push(key);
    this.noteValues.push(value);
  }

  /**
   * The Note lines of the pairs no slot took, each under its label when it has one, joined by
   * newlines ("" when there are none): one string built as it goes, no array of lines per event.
   */
  noteText(): string {
    let note = "";
    const labels = this.labelKeys.length > 0;
    for (let i = 0; i < this.noteKeys.length; i++) {
      const key = this.noteKeys[i]!;
      const label = labels && this.labelled.has(key) ? (this.labelOf(key) ?? key) : key;
      note = i === 0 ? `${label}: ${this.noteValues[i]}` : `${note}\n${label}: ${this.noteValues[i]}`;
    }
    return note;
  }

  /** The last label given to `key`, if any. */
  private labelOf(key: string): string | undefined {
    for (let i = this.labelKeys.length - 1; i >= 0; i--) if (this.labelKeys[i] === key) return this.labelValues[i];
    return undefined;
  }
}
