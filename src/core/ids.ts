// Identifier helpers: random UUID v4 for new objects, name-based UUID v5 for stable derived IDs.
import { sha1Hex } from "./platform.js";
import { sha1Blocks, sha1Finish, sha1Initial, writeUtf8, type Sha1State } from "./sha1.js";

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

const uuidCodes: number[] = new Array<number>(36).fill(0x2d);
const HEX_CODES = Array.from("0123456789abcdef", (d) => d.charCodeAt(0));
/** Where each of the 32 hex digits of a UUID goes in its 36 characters. */
const DIGIT_AT = [0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 14, 15, 16, 17, 19, 20, 21, 22, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35];

/** The v5 UUID of a SHA-1 digest: its first 16 bytes, with the version and variant set (one flat string). */
function uuidOfDigest(digest: Sha1State): string {
  putHex(digest[0]!, 0);
  // Version 5 in the high nibble of byte 6, variant 10 in the high bits of byte 8.
  putHex((digest[1]! & 0xffff0fff) | 0x5000, 8);
  putHex((digest[2]! & 0x3fffffff) | 0x80000000, 16);
  putHex(digest[3]!, 24);
  return String.fromCharCode.apply(null, uuidCodes);
}

/** The 8 hex digits of `word` as UUID digits `first` to `first + 7`. */
function putHex(word: number, first: number): void {
  for (let shift = 28, digit = first; shift >= 0; shift -= 4) uuidCodes[DIGIT_AT[digit++]!] = HEX_CODES[(word >>> shift) & 15]!;
}

const RECORD_PREFIX = "idmefv2-record\0";
const finished = new Int32Array(5);

/**
 * The ID source of one record when IDs are derived (the pipeline's default): the n-th ID is a
 * UUID v5 over the converter's format, the input's identity (an absolute path, "-" for stdin, or a
 * stream's label), the record's end offset in the input and a SHA-1 of the record's bytes. The
 * same input converted twice gives the same IDs; two identical lines at different offsets, or
 * the same line in two inputs, get different ones; the counter keeps the IDs of one record apart.
 *
 * The name is `idmefv2-record NUL format NUL input NUL offset NUL digest NUL counter` (NUL cannot
 * occur in a format name or a path, so no two identities join alike). All of it but the counter
 * is the same for every ID of the record: its whole 64-byte blocks are hashed once (./sha1.ts),
 * and each ID hashes only the rest and its counter from that midstate — one block instead of a
 * native call over two. The record's own digest stays native (several blocks: faster there).
 */
export function recordIds(format: string, input: string, offset: number, record: string): () => string {
  const digest = sha1Hex(record);
  const name = `${RECORD_PREFIX}${format}\0${input}\0${offset}\0${digest}\0`;
  const longest = 16 + name.length * 3;
  const buffer = longest > scratch.length ? new Uint8Array(longest) : scratch;
  buffer.set(namespaceBytes(IDMEFV2_NAMESPACE), 0);
  if (buffer === scratch) scratchNamespace = namespaceBytes(IDMEFV2_NAMESPACE);
  let end = writeAscii(name, buffer, 16);
  if (end === -1) end = writeUtf8(name, buffer, 16);
  const midstate = sha1Initial();
  const absorbed = sha1Blocks(midstate, buffer, end);
  // The unabsorbed rest of the name (under 64 bytes), followed by the counter's digits per ID.
  // A copy: the shared scratch buffer is written again by the next uuidV5 before this record's next ID.
  const restLength = end - absorbed;
  const tail = new Uint8Array(restLength + 24);
  for (let i = 0; i < restLength; i++) tail[i] = buffer[absorbed + i]!;
  let counter = 0;
  return () => {
    const length = writeAscii(String(counter++), tail, restLength);
    sha1Finish(midstate, absorbed, tail, length, finished);
    return uuidOfDigest(finished);
  };
}
