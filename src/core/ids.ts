// Identifier helpers: random UUID v4 for new objects, name-based UUID v5 for names a converter
// derives IDs from, and a record's own IDs (version 8, from its identity) for the pipeline.
import { sha1Hex, sha256Hex } from "./platform.js";

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
// parsed again and a concatenated buffer per ID were a sixth of `convert --from syslog`. An ASCII
// name (the usual one) is copied in by a loop rather than Buffer.write, and the bytes are hashed
// through a view made once per length: a native call and a Buffer object less per ID (~20%).
const scratch = Buffer.alloc(4096);
/** Views of scratch's first n bytes, by n, made on first use. */
const scratchViews: Uint8Array[] = [];
/** The namespace whose bytes scratch holds now. */
let scratchNamespace: Buffer | undefined;

/** Copies an ASCII `text` into `out` from `at`; returns the end, or -1 at the first non-ASCII unit. */
function writeAscii(text: string, out: Uint8Array, at: number): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) return -1;
    out[at++] = c;
  }
  return at;
}

/** SHA-1 (hex) of the namespace's 16 bytes followed by `name` in UTF-8. */
function namespacedSha1(ns: Buffer, name: string): string {
  // UTF-8 takes at most 3 bytes per UTF-16 code unit; a longer name gets a buffer of its own.
  if (16 + name.length * 3 > scratch.length) {
    const buffer = Buffer.allocUnsafe(16 + name.length * 3);
    ns.copy(buffer, 0);
    return sha1Hex(buffer.subarray(0, 16 + buffer.write(name, 16, "utf8")));
  }
  if (scratchNamespace !== ns) {
    ns.copy(scratch, 0);
    scratchNamespace = ns;
  }
  let length = writeAscii(name, scratch, 16);
  if (length === -1) length = 16 + scratch.write(name, 16, "utf8");
  const view = (scratchViews[length] ??= new Uint8Array(scratch.buffer, scratch.byteOffset, length));
  return sha1Hex(view);
}

/**
 * A deterministic UUID v5 (RFC 4122 section 4.3, SHA-1) of `name` in `namespace`: the same input
 * gives the same ID on every run, so links between converted records survive.
 */
export function uuidV5(name: string, namespace: string = IDMEFV2_NAMESPACE): string {
  const hex = namespacedSha1(namespaceBytes(namespace), name);
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

const RECORD_PREFIX = "idmefv2-record\0";
/** The name of a record's further digests (IDs 2 and up): a prefix no record name has. */
const MORE_PREFIX = "idmefv2-record-ids\0";

/** Where each of the 32 hex digits of a UUID goes in its 36 characters. */
const DIGIT_AT = [0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 14, 15, 16, 17, 19, 20, 21, 22, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35];
/** Two UUIDs side by side (the dashes stay; the digits are written per digest). */
const pairBytes = Buffer.alloc(72, 0x2d);

/**
 * The two UUIDs cut from the halves of a SHA-256 digest (64 hex digits), as one flat string of 72
 * characters: each ID is a slice of it, which the schema's pattern and JSON.stringify read as it
 * is (a rope of pieces per ID had to be flattened first: ~0.3 us per record of three IDs). Each is
 * marked version 8 (RFC 9562 section 5.8: the layout is ours) with the RFC's variant bits 10.
 */
function uuidPairOf(hex: string): string {
  for (let i = 0; i < 32; i++) {
    pairBytes[DIGIT_AT[i]!] = hex.charCodeAt(i);
    pairBytes[36 + DIGIT_AT[i]!] = hex.charCodeAt(32 + i);
  }
  pairBytes[14] = pairBytes[50] = 0x38; // version 8
  pairBytes[19] = VARIANT_CODES[pairBytes[19]!]!;
  pairBytes[55] = VARIANT_CODES[pairBytes[55]!]!;
  return pairBytes.toString("latin1", 0, 72);
}

// The variant digit's code for each lower-case hex digit's code: (d & 3) | 8.
const VARIANT_CODES: readonly number[] = (() => {
  const out: number[] = [];
  for (let d = 0; d < 16; d++) out[d.toString(16).charCodeAt(0)] = ((d & 3) | 8).toString(16).charCodeAt(0);
  return out;
})();

/**
 * The ID source of one record when IDs are derived (the pipeline's default). One SHA-256 of the
 * name `idmefv2-record NUL format NUL input NUL offset NUL record` (the converter's format, the
 * input's identity: an absolute path, "-" for stdin, or a stream's label; the record's end offset
 * in the input; the record's text) gives the record's first two IDs, its halves; IDs 2k and 2k+1
 * come from a SHA-256 of `idmefv2-record-ids NUL <first digest> NUL k`. The same input converted
 * twice gives the same IDs; two identical lines at different offsets, or the same line in two
 * inputs, get different ones. NUL cannot occur in a format name or a path and the record comes
 * last, so no two identities join alike.
 *
 * Why not UUID v5 per ID (RFC 4122 section 4.3, what this was until 0.1): each v5 ID is its own
 * SHA-1 of the namespace and the whole name, four hashes per record for three IDs, and they were
 * the largest single cost of the shared per-record path (docs/decisions.md). The IDs are version 8
 * UUIDs now (RFC 9562), with 122 bits of the digest each.
 */
export function recordIds(format: string, input: string, offset: number, record: string): () => string {
  const first = sha256Hex(`${RECORD_PREFIX}${format}\0${input}\0${offset}\0${record}`);
  let pair = "";
  let counter = 0;
  return () => {
    const n = counter++;
    if ((n & 1) === 1) return pair.slice(36, 72);
    // IDs are drawn in order: an even n starts the next pair.
    pair = uuidPairOf(n === 0 ? first : sha256Hex(`${MORE_PREFIX}${first}\0${n >> 1}`));
    return pair.slice(0, 36);
  };
}
