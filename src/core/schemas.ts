// Loads the shipped JSON schemas (schema/<version>/IDMEFv2.schema) through the host (platform.ts).
import { readSchemaText, schemaLocation } from "./platform.js";
import type { IdmefVersion } from "./versions.js";

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
    schema = JSON.parse(readSchemaText(version)) as JsonSchema;
    cache.set(version, schema);
  }
  return schema;
}

/** Absolute path of a version's schema file, for tools and error messages. */
export function schemaFile(version: IdmefVersion): string {
  return schemaLocation(version);
}
