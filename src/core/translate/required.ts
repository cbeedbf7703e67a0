// Fields a target draft requires and a message lacks: derived where the value follows from the
// message itself (an ID named by what it identifies), else from the defaults, else reported.
import { uuidV5 } from "../ids.js";
import { isPlainObject, pointerKey, type JsonObject } from "./fields.js";
import type { FieldShape, ObjectShape } from "./schema-shape.js";

/** A required field still missing: its path ("Analyzer.IP") and where it should be. */
export interface MissingField {
  readonly path: string;
  readonly pointer: string;
}

type Derivation = (holder: JsonObject, message: JsonObject, pointer: string) => string | undefined;

/** An item ID (2.D.V07 requires them): the UUID v5 of the message ID and the item's pointer. */
const itemId: Derivation = (_holder, message, pointer) => {
  const id = message["ID"];
  return typeof id === "string" ? uuidV5(`${id}${pointer}`) : undefined;
};

/**
 * The derivations, by field path. The Analyzer ID is the UUID v5 of its name and host (Hostname,
 * else IP): the same analyzer gets the same ID in every message, as an ID assigned by hand would.
 * Nothing else is derivable honestly: an IP address or a name is never guessed.
 */
const DERIVATIONS: Readonly<Record<string, Derivation>> = {
  "Analyzer.ID": (analyzer) => {
    const name = analyzer["Name"];
    const host = analyzer["Hostname"] ?? analyzer["IP"];
    return typeof name === "string" && typeof host === "string" ? uuidV5(`analyzer\n${name}\n${host}`) : undefined;
  },
  "Sensor[].ID": itemId,
  "Source[].ID": itemId,
  "Target[].ID": itemId,
  "Vector[].ID": itemId,
};

/**
 * Derives what can be derived, applies the defaults (through `applyDefaults`), derives again (a
 * default may give the host an ID is made from) and returns what is still missing.
 */
export function fillRequired(
  message: JsonObject,
  shape: ObjectShape,
  defaults: Readonly<Record<string, unknown>> | undefined,
  applyDefaults: (defaults: Readonly<Record<string, unknown>>) => void,
): MissingField[] {
  walk(message, message, shape, "", "", undefined);
  if (defaults !== undefined) applyDefaults(defaults);
  const missing: MissingField[] = [];
  walk(message, message, shape, "", "", missing);
  return missing;
}

const nested = new WeakMap<ObjectShape, readonly (readonly [string, FieldShape & { readonly object: ObjectShape }])[]>();

/** The fields of a shape that hold objects (the only ones the walk descends into), listed once per shape. */
function nestedObjects(shape: ObjectShape): readonly (readonly [string, FieldShape & { readonly object: ObjectShape }])[] {
  let list = nested.get(shape);
  if (list === undefined) {
    list = [...(shape.properties ?? [])].filter(
      (entry): entry is [string, FieldShape & { object: ObjectShape }] => entry[1].object !== undefined,
    );
    nested.set(shape, list);
  }
  return list;
}

function walk(
  message: JsonObject,
  object: JsonObject,
  shape: ObjectShape,
  path: string,
  pointer: string,
  missing: MissingField[] | undefined,
): void {
  for (const key of shape.required) {
    if (Object.hasOwn(object, key)) continue;
    const fieldPath = `${path}${key}`;
    const derive = DERIVATIONS[fieldPath];
    const value = derive?.(object, message, pointer);
    if (value !== undefined) object[key] = value;
    else missing?.push({ path: fieldPath, pointer: `${pointer}/${pointerKey(key)}` });
  }
  for (const [key, field] of nestedObjects(shape)) {
    if (!Object.hasOwn(object, key)) continue;
    const value = object[key];
    const childPointer = `${pointer}/${pointerKey(key)}`;
    if (field.arrayDepth === 0 && isPlainObject(value)) {
      walk(message, value, field.object, `${path}${key}.`, childPointer, missing);
    } else if (field.arrayDepth === 1 && Array.isArray(value)) {
      value.forEach((item: unknown, index) => {
        if (isPlainObject(item)) walk(message, item, field.object, `${path}${key}[].`, `${childPointer}/${index}`, missing);
      });
    }
  }
}
