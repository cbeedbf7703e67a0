// Loads the shipped JSON schemas (schema/<version>/IDMEFv2.schema) from the package folder.
import { readFileSync } from "node:fs";
import type { IdmefVersion } from "./versions.js";

// src/core/ and dist/core/ both sit two levels below the package root, beside schema/.
const SCHEMA_ROOT = new URL("../../schema/", import.meta.url);

export type JsonSchema = Readonly<Record<string, unknown>>;

/**
 * The parts of an IDMEFv2 JSON schema node this project reads (types, the translator's shapes,
 * the schema diff script): one declaration for all of them.
 */
export interface SchemaNode {
  readonly description?: string;
  readonly type?: string | readonly string[];
  readonly enum?: readonly unknown[];
  readonly $ref?: string;
  readonly items?: SchemaNode;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly required?: readonly string[];
  readonly definitions?: Readonly<Record<string, SchemaNode>>;
  readonly pattern?: string;
  readonly format?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: boolean;
}


const cache = new Map<IdmefVersion, JsonSchema>();

/** The parsed JSON schema of one version, read once. */
export function loadSchema(version: IdmefVersion): JsonSchema {
  let schema = cache.get(version);
  if (schema === undefined) {
    const file = new URL(`${version}/IDMEFv2.schema`, SCHEMA_ROOT);
    schema = JSON.parse(readFileSync(file, "utf8")) as JsonSchema;
    cache.set(version, schema);
  }
  return schema;
}

/** Absolute path of a version's schema file, for tools and error messages. */
export function schemaFile(version: IdmefVersion): string {
  return new URL(`${version}/IDMEFv2.schema`, SCHEMA_ROOT).pathname;
}
