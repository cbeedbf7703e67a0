// Finding fields by dotted path ("Source[].ID") in a plain message object, with the JSON pointer of
// each place, and copying messages so that translation never edits its input.

/** One place a field of a path can be: the object holding it, the key, and its JSON pointer. */
export interface FieldSlot {
  readonly parent: Record<string, unknown>;
  readonly key: string;
  readonly pointer: string;
}

export type JsonObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** RFC 6901: "~" and "/" inside a key are escaped. */
export function pointerKey(key: string): string {
  return key.includes("~") || key.includes("/") ? key.replaceAll("~", "~0").replaceAll("/", "~1") : key;
}

const stripArray = (part: string): string => (part.endsWith("[]") ? part.slice(0, -2) : part);

// The tables name a few dozen paths; each is split once, not once per message.
const splitPaths = new Map<string, readonly string[]>();
function partsOf(path: string): readonly string[] {
  let parts = splitPaths.get(path);
  if (parts === undefined) {
    parts = path.split(".");
    splitPaths.set(path, parts);
  }
  return parts;
}

/** The key of a path's last segment, without "[]". */
export function lastKey(path: string): string {
  const parts = partsOf(path);
  return stripArray(parts[parts.length - 1]!);
}

/**
 * Every present field a path names. Inner segments marked "[]" fan out over array items (objects
 * only); the last segment's "[]" only says the value is a list and is ignored here.
 */
export function slotsOf(root: JsonObject, path: string): FieldSlot[] {
  const parts = partsOf(path);
  let holders: { object: JsonObject; pointer: string }[] = [{ object: root, pointer: "" }];
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i]!;
    const key = stripArray(part);
    const next: { object: JsonObject; pointer: string }[] = [];
    for (const holder of holders) {
      if (!Object.hasOwn(holder.object, key)) continue;
      const value = holder.object[key];
      const pointer = `${holder.pointer}/${pointerKey(key)}`;
      if (part.endsWith("[]")) {
        if (!Array.isArray(value)) continue;
        value.forEach((item: unknown, index) => {
          if (isPlainObject(item)) next.push({ object: item, pointer: `${pointer}/${index}` });
        });
      } else if (isPlainObject(value)) {
        next.push({ object: value, pointer });
      }
    }
    holders = next;
  }
  const key = stripArray(parts[parts.length - 1]!);
  const slots: FieldSlot[] = [];
  for (const holder of holders) {
    if (Object.hasOwn(holder.object, key)) slots.push({ parent: holder.object, key, pointer: `${holder.pointer}/${pointerKey(key)}` });
  }
  return slots;
}

/** The object a path's last segment lives in, made when missing (only through plain objects). */
export function holderOf(root: JsonObject, path: string): JsonObject | undefined {
  const parts = partsOf(path);
  let object = root;
  for (let i = 0; i < parts.length - 1; i++) {
    const key = stripArray(parts[i]!);
    const value = object[key];
    if (value === undefined) {
      const made: JsonObject = {};
      object[key] = made;
      object = made;
    } else if (isPlainObject(value)) {
      object = value;
    } else {
      return undefined;
    }
  }
  return object;
}

/** A deep copy of JSON data (objects, arrays, scalars): translation edits the copy only. */
export function copyJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyJson) as T;
  if (isPlainObject(value)) {
    const out: JsonObject = {};
    for (const key of Object.keys(value)) out[key] = copyJson(value[key]);
    return out as T;
  }
  return value;
}
