// Loads the shipped JSON schemas (schema/<version>/IDMEFv2.schema) from the package folder.
import { readFileSync } from "node:fs";
import type { IdmefVersion } from "./versions.js";

// src/core/ and dist/core/ both sit two levels below the package root, beside schema/.
const SCHEMA_ROOT = new URL("../../schema/", import.meta.url);

export type JsonSchema = Readonly<Record<string, unknown>>;

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
