// Identifier helpers: random UUID v4 for new objects, name-based UUID v5 for stable derived IDs.
import { sha1Hex } from "./platform.js";

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// UUIDs are drawn in batches: one getRandomValues and one string per batch, and each ID is a slice
// of that string. randomUUID (also batched by Node) builds each ID from 20 concatenated pieces,
// which every later reader (schema pattern, JSON.stringify) must first flatten: 3 IDs per message
// made it a visible share of the per-record cost. Same source of randomness, same v4 layout.
const BATCH = 256;
const DIGITS = Buffer.from("0123456789abcdef", "latin1");
const random = Buffer.alloc(16 * BATCH);
const text = Buffer.alloc(36 * BATCH);
let batch = "";
let next = BATCH;

function hexByte(at: number, out: number): void {
  const b = random[at]!;
  text[out] = DIGITS[b >> 4]!;
  text[out + 1] = DIGITS[b & 15]!;
}

function refill(): void {
  // Web Crypto (global in Node 20 and in browsers): the same CSPRNG as randomFillSync.
  globalThis.crypto.getRandomValues(random);
  for (let u = 0, at = 0, out = 0; u < BATCH; u++, at += 16, out += 36) {
    random[at + 6] = (random[at + 6]! & 0x0f) | 0x40; // version 4
    random[at + 8] = (random[at + 8]! & 0x3f) | 0x80; // variant 10
    // xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx: bytes 0-3, 4-5, 6-7, 8-9, 10-15.
    hexByte(at, out);
    hexByte(at + 1, out + 2);
    hexByte(at + 2, out + 4);
    hexByte(at + 3, out + 6);
    text[out + 8] = 0x2d;
    hexByte(at + 4, out + 9);
    hexByte(at + 5, out + 11);
    text[out + 13] = 0x2d;
    hexByte(at + 6, out + 14);
    hexByte(at + 7, out + 16);
    text[out + 18] = 0x2d;
    hexByte(at + 8, out + 19);
    hexByte(at + 9, out + 21);
    text[out + 23] = 0x2d;
    for (let i = 10; i < 16; i++) hexByte(at + i, out + 24 + (i - 10) * 2);
  }
  batch = text.toString("latin1");
  next = 0;
}

/** A new random UUID v4 (lowercase), as IDMEFv2 `ID` fields want. */
export function newId(): string {
  if (next === BATCH) refill();
  const at = next++ * 36;
  return batch.slice(at, at + 36);
}

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

/** The namespace for IDs this library derives (a fixed v4 UUID chosen once for idmefv2). */
export const IDMEFV2_NAMESPACE = "6c1d4a38-0f2e-4b57-9f43-8e2a1d7c5b90";

const NAMESPACE_BYTES = new Map<string, Buffer>([[IDMEFV2_NAMESPACE, Buffer.from(IDMEFV2_NAMESPACE.replace(/-/g, ""), "hex")]]);

function namespaceBytes(namespace: string): Buffer {
  let bytes = NAMESPACE_BYTES.get(namespace);
  if (bytes === undefined) {
    if (!isUuid(namespace)) throw new TypeError(`uuidV5: namespace ${JSON.stringify(namespace)} is not a UUID`);
    bytes = Buffer.from(namespace.replace(/-/g, ""), "hex");
    if (NAMESPACE_BYTES.size > 64) NAMESPACE_BYTES.clear();
    NAMESPACE_BYTES.set(namespace, bytes);
  }
  return bytes;
}

// The hash input (namespace bytes, then the name in UTF-8) is written into one reused buffer and
// hashed in one call: every converted record derives a few IDs, and a hash object, a namespace
// parsed again and a concatenated buffer per ID were a sixth of `convert --from syslog`.
const scratch = Buffer.alloc(4096);

/**
 * A deterministic UUID v5 (RFC 4122 section 4.3, SHA-1) of `name` in `namespace`: the same input
 * gives the same ID on every run, so links between converted records survive.
 */
export function uuidV5(name: string, namespace: string = IDMEFV2_NAMESPACE): string {
  const ns = namespaceBytes(namespace);
  // UTF-8 takes at most 3 bytes per UTF-16 code unit; a longer name gets a buffer of its own.
  const buffer = 16 + name.length * 3 > scratch.length ? Buffer.allocUnsafe(16 + name.length * 3) : scratch;
  ns.copy(buffer, 0);
  const length = 16 + buffer.write(name, 16, "utf8");
  const hex = sha1Hex(buffer.subarray(0, length));
  // Version 5 in the high nibble of byte 6, variant 10 in the high bits of byte 8.
  const variant = VARIANT_DIGITS[hex.charCodeAt(16)]!;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

// The variant digit for each lower-case hex digit of byte 8's high nibble: (d & 3) | 8.
const VARIANT_DIGITS: readonly string[] = (() => {
  const out: string[] = [];
  for (let d = 0; d < 16; d++) out[d.toString(16).charCodeAt(0)] = ((d & 3) | 8).toString(16);
  return out;
})();

/**
 * The ID source of one record when IDs are derived (the pipeline's default): the n-th ID is a
 * UUID v5 over the converter's format, the input's identity (an absolute path, "-" for stdin, or a
 * stream's label), the record's end offset in the input and a SHA-1 of the record's bytes. The
 * same input converted twice gives the same IDs; two identical lines at different offsets, or
 * the same line in two inputs, get different ones; the counter keeps the IDs of one record apart.
 */
export function recordIds(format: string, input: string, offset: number, record: string): () => string {
  const digest = sha1Hex(record);
  // NUL separates the parts: it cannot occur in a format name or a path, so no two identities join alike.
  const base = `idmefv2-record\0${format}\0${input}\0${offset}\0${digest}\0`;
  let counter = 0;
  return () => uuidV5(base + String(counter++));
}
