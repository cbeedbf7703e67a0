// The browser's side of src/core/platform.ts (same exports; scripts/build-playground.mjs resolves
// every import of core/platform.js here): schemas and validators bundled, SHA-1 and IP syntax in
// plain code, no file system. test/playground/platform-browser.test.ts holds it equal to Node's.
import type { IdmefVersion } from "../src/core/versions.js";
import v02 from "../src/core/generated/validators/2.D.V02.cjs";
import v03 from "../src/core/generated/validators/2.D.V03.cjs";
import v04 from "../src/core/generated/validators/2.D.V04.cjs";
import v05 from "../src/core/generated/validators/2.D.V05.cjs";
import v06 from "../src/core/generated/validators/2.D.V06.cjs";
import v07 from "../src/core/generated/validators/2.D.V07.cjs";
import v08 from "../src/core/generated/validators/2.D.V08.cjs";
import v09 from "../src/core/generated/validators/2.D.V09-Dev.cjs";
import s02 from "../schema/2.D.V02/IDMEFv2.schema";
import s03 from "../schema/2.D.V03/IDMEFv2.schema";
import s04 from "../schema/2.D.V04/IDMEFv2.schema";
import s05 from "../schema/2.D.V05/IDMEFv2.schema";
import s06 from "../schema/2.D.V06/IDMEFv2.schema";
import s07 from "../schema/2.D.V07/IDMEFv2.schema";
import s08 from "../schema/2.D.V08/IDMEFv2.schema";
import s09 from "../schema/2.D.V09-Dev/IDMEFv2.schema";
import { sha1, sha256 } from "./sha.js";

export { isIP, isIPv4, isIPv6 } from "./ip-syntax.js";

// Record<IdmefVersion, …>: a draft added to versions.ts fails the typecheck until it is bundled here.
const SCHEMAS: Readonly<Record<IdmefVersion, string>> = {
  "2.D.V02": s02,
  "2.D.V03": s03,
  "2.D.V04": s04,
  "2.D.V05": s05,
  "2.D.V06": s06,
  "2.D.V07": s07,
  "2.D.V08": s08,
  "2.D.V09-Dev": s09,
};
const VALIDATORS: Readonly<Record<IdmefVersion, unknown>> = {
  "2.D.V02": v02,
  "2.D.V03": v03,
  "2.D.V04": v04,
  "2.D.V05": v05,
  "2.D.V06": v06,
  "2.D.V07": v07,
  "2.D.V08": v08,
  "2.D.V09-Dev": v09,
};

export function readSchemaText(version: IdmefVersion): string {
  return SCHEMAS[version];
}

export function schemaLocation(version: IdmefVersion): string {
  return `schema/${version}/IDMEFv2.schema`;
}

export function loadStandaloneValidator(version: IdmefVersion): unknown {
  return VALIDATORS[version];
}

const encoder = new TextEncoder();
const HEX = "0123456789abcdef";

function hex(digest: Uint8Array): string {
  let text = "";
  for (const byte of digest) text += HEX[byte >> 4]! + HEX[byte & 15]!;
  return text;
}

export function sha1Hex(data: string | Uint8Array): string {
  return hex(sha1(typeof data === "string" ? encoder.encode(data) : data));
}

export function sha256Hex(data: string | Uint8Array): string {
  return hex(sha256(typeof data === "string" ? encoder.encode(data) : data));
}

export function absolutePath(path: string): string {
  return path;
}

/** The browser has no files to read: a converter option naming one is refused. */
export function readRegularTextFile(_path: string, _maxBytes: number): string {
  throw new HostFileError("unavailable");
}

export class HostFileError extends Error {
  constructor(
    readonly kind: "not-regular" | "too-large" | "unavailable",
    readonly size?: number,
  ) {
    super(kind);
    this.name = "HostFileError";
  }
}
