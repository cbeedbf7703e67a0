// The shape of a draft's message as the translator needs it, read from the official schema: which
// keys each object may hold, which it requires, and which values an enumerated field allows.
import { loadSchema } from "../schemas.js";
import type { IdmefVersion } from "../versions.js";
import type { SchemaNode } from "../schemas.js";

export interface FieldShape {
  /** How many array levels wrap the value ("Category": 1, "Source[].Port": 1, "Analyzer": 0). */
  readonly arrayDepth: number;
  readonly object?: ObjectShape;
  readonly enumValues?: ReadonlySet<string>;
}

export interface ObjectShape {
  /**
   * The keys the object may hold, or undefined when the schema does not constrain them (2.D.V02
   * and 2.D.V03 put Analyzer's properties under "items" of an object, which validators ignore).
   */
  readonly properties: ReadonlyMap<string, FieldShape> | undefined;
  readonly required: readonly string[];
}

const cache = new Map<IdmefVersion, ObjectShape>();

/** The message shape of one draft, built once. */
export function messageShape(version: IdmefVersion): ObjectShape {
  let shape = cache.get(version);
  if (shape === undefined) {
    const schema = loadSchema(version) as SchemaNode;
    shape = objectShape(schema, schema.definitions ?? {});
    cache.set(version, shape);
  }
  return shape;
}

function resolve(node: SchemaNode, definitions: Readonly<Record<string, SchemaNode>>): SchemaNode {
  if (node.$ref === undefined) return node;
  const target = definitions[node.$ref.replace("#/definitions/", "")];
  if (target === undefined) return node;
  const { $ref: _ref, ...rest } = node;
  return { ...target, ...rest };
}

function objectShape(node: SchemaNode, definitions: Readonly<Record<string, SchemaNode>>): ObjectShape {
  if (node.properties === undefined) return { properties: undefined, required: [] };
  const properties = new Map<string, FieldShape>();
  for (const [key, raw] of Object.entries(node.properties)) properties.set(key, fieldShape(raw, definitions));
  return { properties, required: node.required ?? [] };
}

function fieldShape(raw: SchemaNode, definitions: Readonly<Record<string, SchemaNode>>): FieldShape {
  let node = resolve(raw, definitions);
  let arrayDepth = 0;
  while (node.type === "array" && node.items !== undefined) {
    arrayDepth++;
    node = resolve(node.items, definitions);
  }
  const isObject = node.type === "object";
  return {
    arrayDepth,
    ...(isObject ? { object: objectShape(node, definitions) } : {}),
    ...(node.enum !== undefined ? { enumValues: new Set(node.enum.map(String)) } : {}),
  };
}

/** The shape of the field at a dotted path ("Analyzer.Category[]"), or undefined when the draft has none. */
export function fieldAt(version: IdmefVersion, path: string): FieldShape | undefined {
  let object: ObjectShape | undefined = messageShape(version);
  let field: FieldShape | undefined;
  for (const part of path.split(".")) {
    const key = part.endsWith("[]") ? part.slice(0, -2) : part;
    field = object?.properties?.get(key);
    if (field === undefined) return undefined;
    object = field.object;
  }
  return field;
}
