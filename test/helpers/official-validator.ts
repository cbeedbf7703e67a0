// An independent check of translated messages: ajv compiled at test time from the official
// schema copies in /work/shared/reference/schema (falling back to schema/ when that is absent),
// not the precompiled validators the library itself uses.
import { existsSync, readFileSync } from "node:fs";
import Ajv04Module from "ajv-draft-04";
import addFormatsModule from "ajv-formats";
import type { IdmefVersion } from "../../src/core/versions.js";

type AjvConstructor = typeof Ajv04Module.default;
const Ajv04 = ((Ajv04Module as unknown as { default?: AjvConstructor }).default ?? Ajv04Module) as AjvConstructor;
type AddFormats = typeof addFormatsModule.default;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as AddFormats;

const REFERENCE = "/work/shared/reference/schema";
const compiled = new Map<IdmefVersion, (data: unknown) => boolean>();
let ajv: InstanceType<AjvConstructor> | undefined;

export function officialSchemaFile(version: IdmefVersion): string {
  const reference = `${REFERENCE}/${version}/IDMEFv2.schema`;
  return existsSync(reference) ? reference : new URL(`../../schema/${version}/IDMEFv2.schema`, import.meta.url).pathname;
}

/** The ajv errors of `message` against the official schema of `version` (empty when valid). */
export function officialErrors(message: unknown, version: IdmefVersion): string[] {
  let validate = compiled.get(version) as ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null };
  if (validate === undefined) {
    ajv ??= new Ajv04({ allErrors: true, strict: false });
    if (compiled.size === 0) addFormats(ajv, ["uri", "email"]);
    validate = ajv.compile(JSON.parse(readFileSync(officialSchemaFile(version), "utf8")));
    compiled.set(version, validate);
  }
  if (validate(message)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || "/"}: ${e.message ?? "invalid"}`);
}
