// Compiles a mapping template (the IDMEFv2 message's shape, with paths, constants, lookups,
// element-wise arrays and transforms as values) into one function per node, once per file.
import { ConversionError } from "../../core/errors.js";
import { compilePath, isPathText, readPath, type CompiledPath } from "./path.js";
import { TRANSFORMS, type TransformFn } from "./transforms.js";

/** What a compiled node reads: the record, and the current element inside `each`. */
export interface Scope {
  readonly record: unknown;
  readonly element: unknown;
}

/** A compiled template node: undefined means "leave this field out". */
export type NodeFn = (scope: Scope) => unknown;

export class MappingSyntaxError extends Error {
  constructor(
    readonly at: string,
    message: string,
  ) {
    super(`${at || "template"}: ${message}`);
  }
}

const SPEC_KEYS = new Set(["path", "const", "default", "lookup", "transform", "each", "template", "first", "required"]);
const FORBIDDEN_FIELDS = new Set(["__proto__", "prototype", "constructor"]);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function readFrom(path: CompiledPath, scope: Scope): unknown {
  return readPath(path, path.root === "$" ? scope.record : scope.element);
}

export function compileTemplate(node: unknown, at = ""): NodeFn {
  if (typeof node === "string") {
    if (!isPathText(node)) return () => node;
    const path = pathAt(node, at);
    return (scope) => readFrom(path, scope);
  }
  if (node === null || typeof node !== "object") return () => node;
  if (Array.isArray(node)) {
    const items = node.map((item, i) => compileTemplate(item, `${at}[${i}]`));
    return (scope) => {
      const out: unknown[] = [];
      for (const item of items) {
        const value = item(scope);
        if (value !== undefined) out.push(value);
      }
      return out.length > 0 ? out : undefined;
    };
  }
  const keys = Object.keys(node);
  const specKeys = keys.filter((k) => SPEC_KEYS.has(k));
  if (specKeys.length > 0) {
    const others = keys.filter((k) => !SPEC_KEYS.has(k));
    if (others.length > 0) {
      throw new MappingSyntaxError(
        at,
        `mixes value keys (${specKeys.join(", ")}) with fields (${others.join(", ")}); wrap constants in { "const": ... }`,
      );
    }
    return compileSpec(node as Record<string, unknown>, at);
  }
  const fields = keys.map((key) => {
    if (FORBIDDEN_FIELDS.has(key)) throw new MappingSyntaxError(at, `field "${key}" is not allowed`);
    return [key, compileTemplate((node as Record<string, unknown>)[key], at ? `${at}.${key}` : key)] as const;
  });
  return (scope) => {
    const out: Record<string, unknown> = {};
    let any = false;
    for (const [key, fn] of fields) {
      const value = fn(scope);
      if (value !== undefined) {
        out[key] = value;
        any = true;
      }
    }
    return any ? out : undefined;
  };
}

function pathAt(text: string, at: string): CompiledPath {
  try {
    return compilePath(text);
  } catch (error) {
    throw new MappingSyntaxError(at, (error as Error).message);
  }
}

function compileSpec(spec: Record<string, unknown>, at: string): NodeFn {
  if ("const" in spec) {
    const value = spec["const"];
    if (Object.keys(spec).length > 1) throw new MappingSyntaxError(at, '"const" stands alone');
    return () => value;
  }
  let source: NodeFn;
  let sourceText: string;
  if (typeof spec["path"] === "string") {
    const path = pathAt(spec["path"], at);
    source = (scope) => readFrom(path, scope);
    sourceText = spec["path"];
  } else if (Array.isArray(spec["first"])) {
    const options = spec["first"].map((item, i) => compileTemplate(item, `${at}.first[${i}]`));
    source = (scope) => {
      for (const option of options) {
        const value = option(scope);
        if (value !== undefined) return value;
      }
      return undefined;
    };
    sourceText = "first";
  } else if (typeof spec["each"] === "string") {
    const list = pathAt(spec["each"], at);
    if (spec["template"] === undefined) throw new MappingSyntaxError(at, '"each" needs a "template" for each element');
    const template = compileTemplate(spec["template"], `${at}.template`);
    source = (scope) => {
      const items = readFrom(list, scope);
      if (items === undefined) return undefined;
      const out: unknown[] = [];
      for (const element of Array.isArray(items) ? items : [items]) {
        const value = template({ record: scope.record, element });
        if (value !== undefined) out.push(value);
      }
      return out.length > 0 ? out : undefined;
    };
    sourceText = spec["each"];
  } else {
    throw new MappingSyntaxError(at, 'a value needs "path", "first", "each" or "const"');
  }
  const transforms = compileTransforms(spec["transform"], at);
  const lookup = spec["lookup"];
  if (lookup !== undefined && !isPlainObject(lookup)) throw new MappingSyntaxError(at, '"lookup" must be an object');
  const table = lookup === undefined ? undefined : new Map(Object.entries(lookup));
  const fallback = spec["default"];
  const required = spec["required"] === true;
  return (scope) => {
    let value = source(scope);
    if (value !== undefined) {
      for (const [, fn, args] of transforms) {
        try {
          value = fn(value, args);
        } catch (error) {
          throw new ConversionError(`${at}: ${sourceText}: ${(error as Error).message}`, { cause: error });
        }
      }
      if (table !== undefined) value = table.get(String(value));
    }
    if (value === undefined) value = fallback;
    if (value === undefined && required) throw new ConversionError(`${at}: required value ${sourceText} is missing`);
    return value;
  };
}

function compileTransforms(spec: unknown, at: string): [string, TransformFn, Readonly<Record<string, unknown>>][] {
  if (spec === undefined) return [];
  const list = Array.isArray(spec) ? spec : [spec];
  return list.map((item) => {
    const name = typeof item === "string" ? item : isPlainObject(item) && typeof item["name"] === "string" ? item["name"] : undefined;
    if (name === undefined) throw new MappingSyntaxError(at, 'a transform is a name or { "name": ..., options }');
    const fn = TRANSFORMS[name];
    if (fn === undefined || !Object.hasOwn(TRANSFORMS, name)) {
      throw new MappingSyntaxError(at, `unknown transform "${name}": known are ${Object.keys(TRANSFORMS).join(", ")}`);
    }
    return [name, fn, typeof item === "string" ? {} : (item as Record<string, unknown>)];
  });
}
