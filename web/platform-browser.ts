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

/** Dotted-quad IPv4 as Node's net.isIPv4 takes it: four decimal octets 0-255, no leading zero. */
export function isIPv4(text: string): boolean {
  const parts = text.split(".");
  return parts.length === 4 && parts.every(isOctet);
}

function isOctet(part: string): boolean {
  if (part.length === 0 || part.length > 3) return false;
  for (let i = 0; i < part.length; i++) {
    const c = part.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  if (part.length > 1 && part[0] === "0") return false;
  return Number(part) <= 255;
}

function isHexGroup(part: string): boolean {
  if (part.length === 0 || part.length > 4) return false;
  for (let i = 0; i < part.length; i++) {
    const c = part.charCodeAt(i) | 0x20; // lower-cases letters, keeps digits
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

// A zone index ("%eth0") as Node accepts it: letters, digits, '-', '.', ':'.
function isZone(zone: string): boolean {
  if (zone.length === 0) return false;
  for (let i = 0; i < zone.length; i++) {
    const c = zone.charCodeAt(i);
    const ok = (c >= 48 && c <= 58) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 46;
    if (!ok) return false;
  }
  return true;
}

/** The groups of one side of "::" (or of a whole address), counted; -1 when one is malformed. */
function countGroups(side: string, last: boolean): number {
  if (side === "") return 0;
  const parts = side.split(":");
  let groups = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (last && i === parts.length - 1 && part.includes(".")) {
      if (!isIPv4(part)) return -1;
      groups += 2;
    } else if (isHexGroup(part)) {
      groups += 1;
    } else {
      return -1;
    }
  }
  return groups;
}

/** RFC 4291 text form (with an optional zone), as Node's net.isIPv6 takes it. */
export function isIPv6(text: string): boolean {
  let address = text;
  const percent = text.indexOf("%");
  if (percent >= 0) {
    if (!isZone(text.slice(percent + 1))) return false;
    address = text.slice(0, percent);
  }
  const gap = address.indexOf("::");
  if (gap < 0) return countGroups(address, true) === 8;
  if (address.indexOf("::", gap + 1) >= 0) return false;
  const head = countGroups(address.slice(0, gap), false);
  const tail = countGroups(address.slice(gap + 2), true);
  // "::" stands for at least one group of zeros.
  return head >= 0 && tail >= 0 && head + tail <= 7;
}

export function isIP(text: string): 0 | 4 | 6 {
  if (isIPv4(text)) return 4;
  return isIPv6(text) ? 6 : 0;
}
