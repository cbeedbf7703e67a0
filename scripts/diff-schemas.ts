// Prints what changed between consecutive IDMEFv2 schemas (schema/<version>/IDMEFv2.schema): fields
// added, removed, made arrays, made required, type changes, enum values added and removed. A help
// for writing and reviewing src/core/translate/steps.ts by hand: the tables there are reviewed data,
// this script only shows where to look. Usage: node --import tsx scripts/diff-schemas.ts [FROM TO]
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { KNOWN_VERSIONS, isKnownVersion, type IdmefVersion } from "../src/core/versions.js";
import type { SchemaNode } from "../src/core/schemas.js";

/** One field of a flattened schema: its path (`Analyzer.IP`, `Source[].Port[]`) and shape. */
export interface FlatField {
  readonly path: string;
  readonly type: string;
  readonly required: boolean;
  readonly enumValues?: readonly string[];
  readonly ref?: string;
}

export function readSchema(version: IdmefVersion): SchemaNode {
  const file = new URL(`../schema/${version}/IDMEFv2.schema`, import.meta.url);
  return JSON.parse(readFileSync(file, "utf8")) as SchemaNode;
}

/** Every field of a schema by path; `[]` marks an array level. */
export function flatten(schema: SchemaNode): Map<string, FlatField> {
  const fields = new Map<string, FlatField>();
  const definitions = schema.definitions ?? {};
  const resolve = (node: SchemaNode): { node: SchemaNode; ref?: string } => {
    if (node.$ref === undefined) return { node };
    const name = node.$ref.replace("#/definitions/", "");
    const { $ref: _ref, ...rest } = node;
    return { node: { ...definitions[name], ...rest }, ref: name };
  };
  const walk = (node: SchemaNode, prefix: string): void => {
    const required = new Set(node.required ?? []);
    for (const [key, raw] of Object.entries(node.properties ?? {})) {
      let path = prefix === "" ? key : `${prefix}.${key}`;
      let { node: child, ref } = resolve(raw);
      let type = String(child.type ?? "?");
      while (child.type === "array" && child.items !== undefined) {
        path += "[]";
        const inner = resolve(child.items);
        child = inner.node;
        ref = inner.ref ?? ref;
        type += `<${String(child.type ?? "?")}>`;
      }
      const enumValues = child.enum?.map(String);
      fields.set(path, {
        path,
        type,
        required: required.has(key),
        ...(enumValues !== undefined ? { enumValues } : {}),
        ...(ref !== undefined ? { ref } : {}),
      });
      if (child.properties !== undefined) walk(child, path);
    }
  };
  walk(schema, "");
  return fields;
}

/** The field's path without array markers, to pair a field with its array-ified self. */
const bare = (path: string): string => path.replaceAll("[]", "");

export function diff(from: IdmefVersion, to: IdmefVersion): string[] {
  const a = flatten(readSchema(from));
  const b = flatten(readSchema(to));
  const byBareA = new Map([...a.values()].map((f) => [bare(f.path), f]));
  const byBareB = new Map([...b.values()].map((f) => [bare(f.path), f]));
  const out: string[] = [];
  for (const [key, fa] of byBareA) {
    const fb = byBareB.get(key);
    if (fb === undefined) {
      out.push(`removed   ${fa.path} (${fa.type})`);
      continue;
    }
    if (fa.path !== fb.path || fa.type !== fb.type) out.push(`retyped   ${fa.path} (${fa.type}) -> ${fb.path} (${fb.type})`);
    if (!fa.required && fb.required) out.push(`required  ${fb.path} (now required)`);
    if (fa.required && !fb.required) out.push(`optional  ${fb.path} (no longer required)`);
    if (fa.ref !== fb.ref && (fa.ref !== undefined || fb.ref !== undefined))
      out.push(`reference ${fb.path}: ${fa.ref ?? "-"} -> ${fb.ref ?? "-"}`);
    if (fa.enumValues !== undefined || fb.enumValues !== undefined) {
      const va = new Set(fa.enumValues ?? []);
      const vb = new Set(fb.enumValues ?? []);
      const gone = [...va].filter((v) => !vb.has(v));
      const added = [...vb].filter((v) => !va.has(v));
      if (key !== "Version" && gone.length > 0) out.push(`enum-     ${fb.path}: ${gone.join(" ")}`);
      if (key !== "Version" && added.length > 0) out.push(`enum+     ${fb.path}: ${added.join(" ")}`);
    }
  }
  for (const [key, fb] of byBareB) {
    if (!byBareA.has(key)) out.push(`added     ${fb.path} (${fb.type})${fb.required ? " required" : ""}`);
  }
  return out;
}

function main(argv: readonly string[]): void {
  const pairs: [IdmefVersion, IdmefVersion][] = [];
  if (argv.length === 2) {
    const [from, to] = argv;
    if (!isKnownVersion(from) || !isKnownVersion(to)) {
      console.error(`usage: diff-schemas.ts [FROM TO], versions among ${KNOWN_VERSIONS.join(", ")}`);
      process.exitCode = 2;
      return;
    }
    pairs.push([from, to]);
  } else {
    for (let i = 1; i < KNOWN_VERSIONS.length; i++) pairs.push([KNOWN_VERSIONS[i - 1]!, KNOWN_VERSIONS[i]!]);
  }
  for (const [from, to] of pairs) {
    const lines = diff(from, to);
    console.log(`## ${from} -> ${to}: ${lines.length === 0 ? "no change but Version" : `${lines.length} change(s)`}`);
    for (const line of lines) console.log(`  ${line}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
