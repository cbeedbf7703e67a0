// translateMessage: a message of one IDMEFv2 draft rewritten for another, walking the consecutive
// steps of steps.ts up or down. What the target cannot hold is dropped or approximated with a
// warning naming its JSON pointer; what the target requires is derived (when that is deterministic),
// taken from the caller's defaults, or the message is refused. The result is validated.
import { IdmefError } from "../errors.js";
import type { Problem } from "../problems.js";
import { schemaProblems } from "../validator.js";
import { KNOWN_VERSIONS, isKnownVersion, type IdmefVersion } from "../versions.js";
import { applyDefaults } from "./defaults.js";
import type { EnumMapping } from "./enum-tables.js";
import { copyJson, holderOf, isPlainObject, lastKey, pointerKey, slotsOf, type JsonObject } from "./fields.js";
import { fillRequired } from "./required.js";
import { messageShape } from "./schema-shape.js";
import { DRAFT_STEPS, type DraftStep, type EnumChange } from "./steps.js";

/** A loss: a field dropped or approximated, at its JSON pointer in the message being translated. */
export interface TranslationWarning {
  readonly pointer: string;
  readonly message: string;
}

export interface TranslateOptions {
  /**
   * Fields filled in wherever the translated message lacks them (the config's `defaults`), e.g.
   * `{ Analyzer: { IP: "192.0.2.10" } }`. An object given for a list of objects (Sensor, Source,
   * Target) fills each item. Keys the target draft has no place for are ignored.
   */
  readonly defaults?: Readonly<Record<string, unknown>>;
  /** Check the input against its own draft first (default false: the caller has validated it). */
  readonly checkInput?: boolean;
  /** Validate the result against the target draft (default true). */
  readonly validate?: boolean;
}

export interface Translation {
  readonly message: JsonObject;
  readonly from: IdmefVersion;
  readonly to: IdmefVersion;
  readonly warnings: readonly TranslationWarning[];
}

/** Raised when a message cannot become a valid message of the target draft; `problems` say why. */
export class TranslationError extends IdmefError {
  readonly problems: readonly Problem[];

  constructor(message: string, problems: readonly Problem[]) {
    super("TRANSLATION_FAILED", message);
    this.name = "TranslationError";
    this.problems = problems;
  }
}

const VERSION_INDEX = new Map<string, number>(KNOWN_VERSIONS.map((v, i) => [v, i]));

/** Translates `message` (any known draft, by its `Version`) to `to`; never edits its input. */
export function translateMessage(message: unknown, to: IdmefVersion, options: TranslateOptions = {}): Translation {
  if (!isPlainObject(message)) throw new TranslationError("cannot translate: the message is not a JSON object", []);
  const declared = message["Version"];
  if (!isKnownVersion(declared)) {
    const shown = declared === undefined ? "no Version" : `Version ${JSON.stringify(declared)}`;
    throw new TranslationError(`cannot translate a message with ${shown}: known versions are ${KNOWN_VERSIONS.join(", ")}`, [
      { pointer: "/Version", keyword: "version", message: `unknown Version`, allowed: KNOWN_VERSIONS, severity: "error" },
    ]);
  }
  const from = declared;
  if (options.checkInput === true) {
    const problems = schemaProblems(message, { version: from });
    if (problems.some((p) => p.severity === "error")) throw invalid(`invalid ${from} message (before translation)`, problems);
  }
  const out = copyJson(message);
  const warnings: TranslationWarning[] = [];
  const start = VERSION_INDEX.get(from)!;
  const end = VERSION_INDEX.get(to)!;
  if (end > start) for (let i = start; i < end; i++) stepUp(out, DRAFT_STEPS[i]!, warnings);
  else for (let i = start - 1; i >= end; i--) stepDown(out, DRAFT_STEPS[i]!, warnings);
  out["Version"] = to;
  const shape = messageShape(to);
  const missing = fillRequired(out, shape, options.defaults, (defaults) => applyDefaults(out, defaults, shape));
  if (missing.length > 0) {
    const problems: Problem[] = missing.map((m) => ({
      pointer: m.pointer,
      keyword: "required",
      message: `${to} requires ${m.path}, which the message lacks and which cannot be derived: give it in the config's "defaults"`,
      severity: "error",
    }));
    throw new TranslationError(
      `cannot translate to ${to}: ${to} requires ${missing.map((m) => m.path).join(", ")} (not in the message, not derivable, no default)`,
      problems,
    );
  }
  if (options.validate !== false) {
    const problems = schemaProblems(out, { version: to });
    if (problems.some((p) => p.severity === "error")) throw invalid(`translated to ${to} but not valid`, problems);
  }
  return { message: out, from, to, warnings };
}

function invalid(what: string, problems: readonly Problem[]): TranslationError {
  const first = problems[0]!;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : "";
  return new TranslationError(`${what}: ${first.pointer || "/"}: ${first.message}${more}`, problems);
}

// ---------------------------------------------------------------------------------------------

function stepUp(message: JsonObject, step: DraftStep, warnings: TranslationWarning[]): void {
  for (const change of step.arrays) {
    for (const slot of slotsOf(message, change.path)) {
      const value = slot.parent[slot.key];
      if (!Array.isArray(value)) slot.parent[slot.key] = [value];
    }
  }
  for (const move of step.moves) moveField(message, move.older, move.newer, step.newer, warnings);
  for (const change of step.enums) mapEnum(message, change, "up", step, warnings);
  for (const path of step.constrained) constrain(message, path, step.newer, warnings);
  for (const drop of step.droppedUp) dropField(message, drop.path, drop.reason, warnings);
}

function stepDown(message: JsonObject, step: DraftStep, warnings: TranslationWarning[]): void {
  for (const change of step.enums) mapEnum(message, change, "down", step, warnings);
  for (const change of step.arrays) {
    for (const slot of slotsOf(message, change.path)) {
      const value = slot.parent[slot.key];
      if (!Array.isArray(value)) continue;
      if (value.length === 0) {
        delete slot.parent[slot.key];
      } else if (value.length === 1) {
        slot.parent[slot.key] = value[0];
      } else if (change.down === "join") {
        slot.parent[slot.key] = value.map(String).join(", ");
        warnings.push({ pointer: slot.pointer, message: `${value.length} values joined into one string (${step.older} holds one)` });
      } else {
        slot.parent[slot.key] = value[0];
        const dropped = value
          .slice(1)
          .map((v) => JSON.stringify(v))
          .join(", ");
        warnings.push({
          pointer: slot.pointer,
          message: `kept ${JSON.stringify(value[0])}, dropped ${dropped} (${step.older} holds one value)`,
        });
      }
    }
  }
  for (const move of step.moves) moveField(message, move.newer, move.older, step.older, warnings);
  for (const drop of step.droppedDown) dropField(message, drop.path, drop.reason, warnings);
}

/** Moves a top-level-unique field; when the destination is taken, the source is dropped with a warning. */
function moveField(message: JsonObject, fromPath: string, toPath: string, target: IdmefVersion, warnings: TranslationWarning[]): void {
  for (const slot of slotsOf(message, fromPath)) {
    const value = slot.parent[slot.key];
    delete slot.parent[slot.key];
    const holder = holderOf(message, toPath);
    const key = lastKey(toPath);
    if (holder === undefined || Object.hasOwn(holder, key)) {
      warnings.push({ pointer: slot.pointer, message: `dropped: ${target} holds it as ${toPath}, which the message already has` });
      continue;
    }
    holder[key] = value;
  }
}

function dropField(message: JsonObject, path: string, reason: string, warnings: TranslationWarning[]): void {
  for (const slot of slotsOf(message, path)) {
    const value = slot.parent[slot.key];
    delete slot.parent[slot.key];
    const items = Array.isArray(value) ? ` (${value.length} item(s))` : "";
    warnings.push({ pointer: slot.pointer, message: `dropped${items}: ${reason}` });
  }
}

/** Drops keys the newer draft does not define from an object the older draft left open. */
function constrain(message: JsonObject, path: string, target: IdmefVersion, warnings: TranslationWarning[]): void {
  const shape = messageShape(target).properties?.get(lastKey(path))?.object?.properties;
  if (shape === undefined) return;
  for (const slot of slotsOf(message, path)) {
    const object = slot.parent[slot.key];
    if (!isPlainObject(object)) continue;
    for (const key of Object.keys(object)) {
      if (shape.has(key)) continue;
      delete object[key];
      warnings.push({ pointer: `${slot.pointer}/${pointerKey(key)}`, message: `dropped: ${target} defines no ${lastKey(path)}.${key}` });
    }
  }
}

const renamedMaps = {
  up: new WeakMap<EnumMapping, ReadonlyMap<string, string>>(),
  down: new WeakMap<EnumMapping, ReadonlyMap<string, string>>(),
};

/** The renamed values as a lookup in one direction, made once per table. */
function renamedIn(mapping: EnumMapping, direction: "up" | "down"): ReadonlyMap<string, string> {
  let map = renamedMaps[direction].get(mapping);
  if (map === undefined) {
    const pairs = Object.entries(mapping.renamed);
    map = new Map(direction === "up" ? pairs : pairs.map(([older, newer]) => [newer, older]));
    renamedMaps[direction].set(mapping, map);
  }
  return map;
}

/** Maps each value of an enumerated field (a list or one value) across one step. */
function mapEnum(message: JsonObject, change: EnumChange, direction: "up" | "down", step: DraftStep, warnings: TranslationWarning[]): void {
  const target = direction === "up" ? step.newer : step.older;
  const renamed = renamedIn(change.mapping, direction);
  const nearest = direction === "up" ? change.mapping.up : change.mapping.down;
  const isList = change.path.endsWith("[]");
  for (const slot of slotsOf(message, change.path)) {
    const raw = slot.parent[slot.key];
    const values: unknown[] = isList && Array.isArray(raw) ? raw : [raw];
    const kept: unknown[] = [];
    const extension: string[] = [];
    values.forEach((value, index) => {
      const pointer = isList && Array.isArray(raw) ? `${slot.pointer}/${index}` : slot.pointer;
      if (typeof value !== "string") {
        kept.push(value);
        return;
      }
      const same = renamed.get(value);
      if (same !== undefined) {
        kept.push(same);
        return;
      }
      if (!Object.hasOwn(nearest, value)) {
        kept.push(value);
        return;
      }
      const approximation = nearest[value];
      if (approximation !== null && approximation !== undefined) {
        kept.push(approximation);
        warnings.push({
          pointer,
          message: `${JSON.stringify(value)} approximated as ${JSON.stringify(approximation)} (${target} has no ${JSON.stringify(value)})`,
        });
      } else if (change.extension !== undefined) {
        const token = direction === "up" ? change.extension.token.newer : change.extension.token.older;
        kept.push(token);
        extension.push(value);
        const field = `${slot.pointer.slice(0, slot.pointer.lastIndexOf("/"))}/${pointerKey(change.extension.field)}`;
        warnings.push({
          pointer,
          message: `${JSON.stringify(value)} has no counterpart in ${target}: written as ${JSON.stringify(token)}, with the value in ${field}`,
        });
      } else {
        warnings.push({ pointer, message: `dropped ${JSON.stringify(value)}: ${target} has no such value` });
      }
    });
    const unique = [...new Set(kept)];
    if (!isList || !Array.isArray(raw)) {
      if (unique.length === 0) delete slot.parent[slot.key];
      else slot.parent[slot.key] = unique[0];
    } else if (unique.length === 0) {
      delete slot.parent[slot.key];
    } else {
      slot.parent[slot.key] = unique;
    }
    if (extension.length > 0 && change.extension !== undefined) {
      const key = change.extension.field;
      const existing = slot.parent[key];
      // Both sides of every step with an extension field hold it as a list at this point (the
      // newer draft's form): steps.ts turns it into the older form after the enums.
      const list = Array.isArray(existing) ? existing : existing === undefined ? [] : [existing];
      slot.parent[key] = [...list, ...extension.filter((e) => !list.includes(e))];
    }
  }
}
