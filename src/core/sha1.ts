// SHA-1 (FIPS 180-4) in plain JavaScript, for the derived IDs of a record (ids.ts recordIds). Why
// not node:crypto alone: the IDs of one record share all of their name but a counter, and the
// native one-shot hash cannot keep a midstate; here the shared whole blocks are absorbed once and
// each ID hashes only its last block, inside JavaScript. A native call still wins for anything of
// several blocks (the record's own digest stays native). Same digest as node:crypto, bit for bit
// (test/core/sha1.test.ts); not for secrets, only for name-based UUIDs (RFC 4122 section 4.3).

/** The five 32-bit words of a SHA-1 state (h0..h4). */
export type Sha1State = Int32Array;

/** A fresh state (FIPS 180-4 section 5.3.1). */
export function sha1Initial(): Sha1State {
  return Int32Array.of(0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476, 0xc3d2e1f0 | 0);
}

/**
 * Absorbs the 64-byte block at `data[at]` into `h` (FIPS 180-4 section 6.1.2), written out round by
 * round with the message schedule in 16 locals (a rolling window of W): no array per round, no
 * branch on the round number, no moves between the working variables (their names rotate).
 * Generated once by hand-run script, not at build time; the differential test checks every length.
 */
function compress(h: Sha1State, data: Uint8Array, at: number): void {
  let w0 = (data[at + 0]! << 24) | (data[at + 1]! << 16) | (data[at + 2]! << 8) | data[at + 3]!;
  let w1 = (data[at + 4]! << 24) | (data[at + 5]! << 16) | (data[at + 6]! << 8) | data[at + 7]!;
  let w2 = (data[at + 8]! << 24) | (data[at + 9]! << 16) | (data[at + 10]! << 8) | data[at + 11]!;
  let w3 = (data[at + 12]! << 24) | (data[at + 13]! << 16) | (data[at + 14]! << 8) | data[at + 15]!;
  let w4 = (data[at + 16]! << 24) | (data[at + 17]! << 16) | (data[at + 18]! << 8) | data[at + 19]!;
  let w5 = (data[at + 20]! << 24) | (data[at + 21]! << 16) | (data[at + 22]! << 8) | data[at + 23]!;
  let w6 = (data[at + 24]! << 24) | (data[at + 25]! << 16) | (data[at + 26]! << 8) | data[at + 27]!;
  let w7 = (data[at + 28]! << 24) | (data[at + 29]! << 16) | (data[at + 30]! << 8) | data[at + 31]!;
  let w8 = (data[at + 32]! << 24) | (data[at + 33]! << 16) | (data[at + 34]! << 8) | data[at + 35]!;
  let w9 = (data[at + 36]! << 24) | (data[at + 37]! << 16) | (data[at + 38]! << 8) | data[at + 39]!;
  let w10 = (data[at + 40]! << 24) | (data[at + 41]! << 16) | (data[at + 42]! << 8) | data[at + 43]!;
  let w11 = (data[at + 44]! << 24) | (data[at + 45]! << 16) | (data[at + 46]! << 8) | data[at + 47]!;
  let w12 = (data[at + 48]! << 24) | (data[at + 49]! << 16) | (data[at + 50]! << 8) | data[at + 51]!;
  let w13 = (data[at + 52]! << 24) | (data[at + 53]! << 16) | (data[at + 54]! << 8) | data[at + 55]!;
  let w14 = (data[at + 56]! << 24) | (data[at + 57]! << 16) | (data[at + 58]! << 8) | data[at + 59]!;
  let w15 = (data[at + 60]! << 24) | (data[at + 61]! << 16) | (data[at + 62]! << 8) | data[at + 63]!;
  let a = h[0]!;
  let b = h[1]!;
  let c = h[2]!;
  let d = h[3]!;
  let e = h[4]!;
  let x: number;
  e = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + 0x5a827999 + w0) | 0;
  b = (b << 30) | (b >>> 2);
  d = (((e << 5) | (e >>> 27)) + ((a & b) | (~a & c)) + d + 0x5a827999 + w1) | 0;
  a = (a << 30) | (a >>> 2);
  c = (((d << 5) | (d >>> 27)) + ((e & a) | (~e & b)) + c + 0x5a827999 + w2) | 0;
  e = (e << 30) | (e >>> 2);
  b = (((c << 5) | (c >>> 27)) + ((d & e) | (~d & a)) + b + 0x5a827999 + w3) | 0;
  d = (d << 30) | (d >>> 2);
  a = (((b << 5) | (b >>> 27)) + ((c & d) | (~c & e)) + a + 0x5a827999 + w4) | 0;
  c = (c << 30) | (c >>> 2);
  e = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + 0x5a827999 + w5) | 0;
  b = (b << 30) | (b >>> 2);
  d = (((e << 5) | (e >>> 27)) + ((a & b) | (~a & c)) + d + 0x5a827999 + w6) | 0;
  a = (a << 30) | (a >>> 2);
  c = (((d << 5) | (d >>> 27)) + ((e & a) | (~e & b)) + c + 0x5a827999 + w7) | 0;
  e = (e << 30) | (e >>> 2);
  b = (((c << 5) | (c >>> 27)) + ((d & e) | (~d & a)) + b + 0x5a827999 + w8) | 0;
  d = (d << 30) | (d >>> 2);
  a = (((b << 5) | (b >>> 27)) + ((c & d) | (~c & e)) + a + 0x5a827999 + w9) | 0;
  c = (c << 30) | (c >>> 2);
  e = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + 0x5a827999 + w10) | 0;
  b = (b << 30) | (b >>> 2);
  d = (((e << 5) | (e >>> 27)) + ((a & b) | (~a & c)) + d + 0x5a827999 + w11) | 0;
  a = (a << 30) | (a >>> 2);
  c = (((d << 5) | (d >>> 27)) + ((e & a) | (~e & b)) + c + 0x5a827999 + w12) | 0;
  e = (e << 30) | (e >>> 2);
  b = (((c << 5) | (c >>> 27)) + ((d & e) | (~d & a)) + b + 0x5a827999 + w13) | 0;
  d = (d << 30) | (d >>> 2);
  a = (((b << 5) | (b >>> 27)) + ((c & d) | (~c & e)) + a + 0x5a827999 + w14) | 0;
  c = (c << 30) | (c >>> 2);
  e = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + 0x5a827999 + w15) | 0;
  b = (b << 30) | (b >>> 2);
  x = w13 ^ w8 ^ w2 ^ w0;
  w0 = (x << 1) | (x >>> 31);
  d = (((e << 5) | (e >>> 27)) + ((a & b) | (~a & c)) + d + 0x5a827999 + w0) | 0;
  a = (a << 30) | (a >>> 2);
  x = w14 ^ w9 ^ w3 ^ w1;
  w1 = (x << 1) | (x >>> 31);
  c = (((d << 5) | (d >>> 27)) + ((e & a) | (~e & b)) + c + 0x5a827999 + w1) | 0;
  e = (e << 30) | (e >>> 2);
  x = w15 ^ w10 ^ w4 ^ w2;
  w2 = (x << 1) | (x >>> 31);
  b = (((c << 5) | (c >>> 27)) + ((d & e) | (~d & a)) + b + 0x5a827999 + w2) | 0;
  d = (d << 30) | (d >>> 2);
  x = w0 ^ w11 ^ w5 ^ w3;
  w3 = (x << 1) | (x >>> 31);
  a = (((b << 5) | (b >>> 27)) + ((c & d) | (~c & e)) + a + 0x5a827999 + w3) | 0;
  c = (c << 30) | (c >>> 2);
  x = w1 ^ w12 ^ w6 ^ w4;
  w4 = (x << 1) | (x >>> 31);
  e = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0x6ed9eba1 + w4) | 0;
  b = (b << 30) | (b >>> 2);
  x = w2 ^ w13 ^ w7 ^ w5;
  w5 = (x << 1) | (x >>> 31);
  d = (((e << 5) | (e >>> 27)) + (a ^ b ^ c) + d + 0x6ed9eba1 + w5) | 0;
  a = (a << 30) | (a >>> 2);
  x = w3 ^ w14 ^ w8 ^ w6;
  w6 = (x << 1) | (x >>> 31);
  c = (((d << 5) | (d >>> 27)) + (e ^ a ^ b) + c + 0x6ed9eba1 + w6) | 0;
  e = (e << 30) | (e >>> 2);
  x = w4 ^ w15 ^ w9 ^ w7;
  w7 = (x << 1) | (x >>> 31);
  b = (((c << 5) | (c >>> 27)) + (d ^ e ^ a) + b + 0x6ed9eba1 + w7) | 0;
  d = (d << 30) | (d >>> 2);
  x = w5 ^ w0 ^ w10 ^ w8;
  w8 = (x << 1) | (x >>> 31);
  a = (((b << 5) | (b >>> 27)) + (c ^ d ^ e) + a + 0x6ed9eba1 + w8) | 0;
  c = (c << 30) | (c >>> 2);
  x = w6 ^ w1 ^ w11 ^ w9;
  w9 = (x << 1) | (x >>> 31);
  e = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0x6ed9eba1 + w9) | 0;
  b = (b << 30) | (b >>> 2);
  x = w7 ^ w2 ^ w12 ^ w10;
  w10 = (x << 1) | (x >>> 31);
  d = (((e << 5) | (e >>> 27)) + (a ^ b ^ c) + d + 0x6ed9eba1 + w10) | 0;
  a = (a << 30) | (a >>> 2);
  x = w8 ^ w3 ^ w13 ^ w11;
  w11 = (x << 1) | (x >>> 31);
  c = (((d << 5) | (d >>> 27)) + (e ^ a ^ b) + c + 0x6ed9eba1 + w11) | 0;
  e = (e << 30) | (e >>> 2);
  x = w9 ^ w4 ^ w14 ^ w12;
  w12 = (x << 1) | (x >>> 31);
  b = (((c << 5) | (c >>> 27)) + (d ^ e ^ a) + b + 0x6ed9eba1 + w12) | 0;
  d = (d << 30) | (d >>> 2);
  x = w10 ^ w5 ^ w15 ^ w13;
  w13 = (x << 1) | (x >>> 31);
  a = (((b << 5) | (b >>> 27)) + (c ^ d ^ e) + a + 0x6ed9eba1 + w13) | 0;
  c = (c << 30) | (c >>> 2);
  x = w11 ^ w6 ^ w0 ^ w14;
  w14 = (x << 1) | (x >>> 31);
  e = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0x6ed9eba1 + w14) | 0;
  b = (b << 30) | (b >>> 2);
  x = w12 ^ w7 ^ w1 ^ w15;
  w15 = (x << 1) | (x >>> 31);
  d = (((e << 5) | (e >>> 27)) + (a ^ b ^ c) + d + 0x6ed9eba1 + w15) | 0;
  a = (a << 30) | (a >>> 2);
  x = w13 ^ w8 ^ w2 ^ w0;
  w0 = (x << 1) | (x >>> 31);
  c = (((d << 5) | (d >>> 27)) + (e ^ a ^ b) + c + 0x6ed9eba1 + w0) | 0;
  e = (e << 30) | (e >>> 2);
  x = w14 ^ w9 ^ w3 ^ w1;
  w1 = (x << 1) | (x >>> 31);
  b = (((c << 5) | (c >>> 27)) + (d ^ e ^ a) + b + 0x6ed9eba1 + w1) | 0;
  d = (d << 30) | (d >>> 2);
  x = w15 ^ w10 ^ w4 ^ w2;
  w2 = (x << 1) | (x >>> 31);
  a = (((b << 5) | (b >>> 27)) + (c ^ d ^ e) + a + 0x6ed9eba1 + w2) | 0;
  c = (c << 30) | (c >>> 2);
  x = w0 ^ w11 ^ w5 ^ w3;
  w3 = (x << 1) | (x >>> 31);
  e = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0x6ed9eba1 + w3) | 0;
  b = (b << 30) | (b >>> 2);
  x = w1 ^ w12 ^ w6 ^ w4;
  w4 = (x << 1) | (x >>> 31);
  d = (((e << 5) | (e >>> 27)) + (a ^ b ^ c) + d + 0x6ed9eba1 + w4) | 0;
  a = (a << 30) | (a >>> 2);
  x = w2 ^ w13 ^ w7 ^ w5;
  w5 = (x << 1) | (x >>> 31);
  c = (((d << 5) | (d >>> 27)) + (e ^ a ^ b) + c + 0x6ed9eba1 + w5) | 0;
  e = (e << 30) | (e >>> 2);
  x = w3 ^ w14 ^ w8 ^ w6;
  w6 = (x << 1) | (x >>> 31);
  b = (((c << 5) | (c >>> 27)) + (d ^ e ^ a) + b + 0x6ed9eba1 + w6) | 0;
  d = (d << 30) | (d >>> 2);
  x = w4 ^ w15 ^ w9 ^ w7;
  w7 = (x << 1) | (x >>> 31);
  a = (((b << 5) | (b >>> 27)) + (c ^ d ^ e) + a + 0x6ed9eba1 + w7) | 0;
  c = (c << 30) | (c >>> 2);
  x = w5 ^ w0 ^ w10 ^ w8;
  w8 = (x << 1) | (x >>> 31);
  e = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e - 0x70e44324 + w8) | 0;
  b = (b << 30) | (b >>> 2);
  x = w6 ^ w1 ^ w11 ^ w9;
  w9 = (x << 1) | (x >>> 31);
  d = (((e << 5) | (e >>> 27)) + ((a & b) | (a & c) | (b & c)) + d - 0x70e44324 + w9) | 0;
  a = (a << 30) | (a >>> 2);
  x = w7 ^ w2 ^ w12 ^ w10;
  w10 = (x << 1) | (x >>> 31);
  c = (((d << 5) | (d >>> 27)) + ((e & a) | (e & b) | (a & b)) + c - 0x70e44324 + w10) | 0;
  e = (e << 30) | (e >>> 2);
  x = w8 ^ w3 ^ w13 ^ w11;
  w11 = (x << 1) | (x >>> 31);
  b = (((c << 5) | (c >>> 27)) + ((d & e) | (d & a) | (e & a)) + b - 0x70e44324 + w11) | 0;
  d = (d << 30) | (d >>> 2);
  x = w9 ^ w4 ^ w14 ^ w12;
  w12 = (x << 1) | (x >>> 31);
  a = (((b << 5) | (b >>> 27)) + ((c & d) | (c & e) | (d & e)) + a - 0x70e44324 + w12) | 0;
  c = (c << 30) | (c >>> 2);
  x = w10 ^ w5 ^ w15 ^ w13;
  w13 = (x << 1) | (x >>> 31);
  e = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e - 0x70e44324 + w13) | 0;
  b = (b << 30) | (b >>> 2);
  x = w11 ^ w6 ^ w0 ^ w14;
  w14 = (x << 1) | (x >>> 31);
  d = (((e << 5) | (e >>> 27)) + ((a & b) | (a & c) | (b & c)) + d - 0x70e44324 + w14) | 0;
  a = (a << 30) | (a >>> 2);
  x = w12 ^ w7 ^ w1 ^ w15;
  w15 = (x << 1) | (x >>> 31);
  c = (((d << 5) | (d >>> 27)) + ((e & a) | (e & b) | (a & b)) + c - 0x70e44324 + w15) | 0;
  e = (e << 30) | (e >>> 2);
  x = w13 ^ w8 ^ w2 ^ w0;
  w0 = (x << 1) | (x >>> 31);
  b = (((c << 5) | (c >>> 27)) + ((d & e) | (d & a) | (e & a)) + b - 0x70e44324 + w0) | 0;
  d = (d << 30) | (d >>> 2);
  x = w14 ^ w9 ^ w3 ^ w1;
  w1 = (x << 1) | (x >>> 31);
  a = (((b << 5) | (b >>> 27)) + ((c & d) | (c & e) | (d & e)) + a - 0x70e44324 + w1) | 0;
  c = (c << 30) | (c >>> 2);
  x = w15 ^ w10 ^ w4 ^ w2;
  w2 = (x << 1) | (x >>> 31);
  e = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e - 0x70e44324 + w2) | 0;
  b = (b << 30) | (b >>> 2);
  x = w0 ^ w11 ^ w5 ^ w3;
  w3 = (x << 1) | (x >>> 31);
  d = (((e << 5) | (e >>> 27)) + ((a & b) | (a & c) | (b & c)) + d - 0x70e44324 + w3) | 0;
  a = (a << 30) | (a >>> 2);
  x = w1 ^ w12 ^ w6 ^ w4;
  w4 = (x << 1) | (x >>> 31);
  c = (((d << 5) | (d >>> 27)) + ((e & a) | (e & b) | (a & b)) + c - 0x70e44324 + w4) | 0;
  e = (e << 30) | (e >>> 2);
  x = w2 ^ w13 ^ w7 ^ w5;
  w5 = (x << 1) | (x >>> 31);
  b = (((c << 5) | (c >>> 27)) + ((d & e) | (d & a) | (e & a)) + b - 0x70e44324 + w5) | 0;
  d = (d << 30) | (d >>> 2);
  x = w3 ^ w14 ^ w8 ^ w6;
  w6 = (x << 1) | (x >>> 31);
  a = (((b << 5) | (b >>> 27)) + ((c & d) | (c & e) | (d & e)) + a - 0x70e44324 + w6) | 0;
  c = (c << 30) | (c >>> 2);
  x = w4 ^ w15 ^ w9 ^ w7;
  w7 = (x << 1) | (x >>> 31);
  e = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e - 0x70e44324 + w7) | 0;
  b = (b << 30) | (b >>> 2);
  x = w5 ^ w0 ^ w10 ^ w8;
  w8 = (x << 1) | (x >>> 31);
  d = (((e << 5) | (e >>> 27)) + ((a & b) | (a & c) | (b & c)) + d - 0x70e44324 + w8) | 0;
  a = (a << 30) | (a >>> 2);
  x = w6 ^ w1 ^ w11 ^ w9;
  w9 = (x << 1) | (x >>> 31);
  c = (((d << 5) | (d >>> 27)) + ((e & a) | (e & b) | (a & b)) + c - 0x70e44324 + w9) | 0;
  e = (e << 30) | (e >>> 2);
  x = w7 ^ w2 ^ w12 ^ w10;
  w10 = (x << 1) | (x >>> 31);
  b = (((c << 5) | (c >>> 27)) + ((d & e) | (d & a) | (e & a)) + b - 0x70e44324 + w10) | 0;
  d = (d << 30) | (d >>> 2);
  x = w8 ^ w3 ^ w13 ^ w11;
  w11 = (x << 1) | (x >>> 31);
  a = (((b << 5) | (b >>> 27)) + ((c & d) | (c & e) | (d & e)) + a - 0x70e44324 + w11) | 0;
  c = (c << 30) | (c >>> 2);
  x = w9 ^ w4 ^ w14 ^ w12;
  w12 = (x << 1) | (x >>> 31);
  e = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e - 0x359d3e2a + w12) | 0;
  b = (b << 30) | (b >>> 2);
  x = w10 ^ w5 ^ w15 ^ w13;
  w13 = (x << 1) | (x >>> 31);
  d = (((e << 5) | (e >>> 27)) + (a ^ b ^ c) + d - 0x359d3e2a + w13) | 0;
  a = (a << 30) | (a >>> 2);
  x = w11 ^ w6 ^ w0 ^ w14;
  w14 = (x << 1) | (x >>> 31);
  c = (((d << 5) | (d >>> 27)) + (e ^ a ^ b) + c - 0x359d3e2a + w14) | 0;
  e = (e << 30) | (e >>> 2);
  x = w12 ^ w7 ^ w1 ^ w15;
  w15 = (x << 1) | (x >>> 31);
  b = (((c << 5) | (c >>> 27)) + (d ^ e ^ a) + b - 0x359d3e2a + w15) | 0;
  d = (d << 30) | (d >>> 2);
  x = w13 ^ w8 ^ w2 ^ w0;
  w0 = (x << 1) | (x >>> 31);
  a = (((b << 5) | (b >>> 27)) + (c ^ d ^ e) + a - 0x359d3e2a + w0) | 0;
  c = (c << 30) | (c >>> 2);
  x = w14 ^ w9 ^ w3 ^ w1;
  w1 = (x << 1) | (x >>> 31);
  e = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e - 0x359d3e2a + w1) | 0;
  b = (b << 30) | (b >>> 2);
  x = w15 ^ w10 ^ w4 ^ w2;
  w2 = (x << 1) | (x >>> 31);
  d = (((e << 5) | (e >>> 27)) + (a ^ b ^ c) + d - 0x359d3e2a + w2) | 0;
  a = (a << 30) | (a >>> 2);
  x = w0 ^ w11 ^ w5 ^ w3;
  w3 = (x << 1) | (x >>> 31);
  c = (((d << 5) | (d >>> 27)) + (e ^ a ^ b) + c - 0x359d3e2a + w3) | 0;
  e = (e << 30) | (e >>> 2);
  x = w1 ^ w12 ^ w6 ^ w4;
  w4 = (x << 1) | (x >>> 31);
  b = (((c << 5) | (c >>> 27)) + (d ^ e ^ a) + b - 0x359d3e2a + w4) | 0;
  d = (d << 30) | (d >>> 2);
  x = w2 ^ w13 ^ w7 ^ w5;
  w5 = (x << 1) | (x >>> 31);
  a = (((b << 5) | (b >>> 27)) + (c ^ d ^ e) + a - 0x359d3e2a + w5) | 0;
  c = (c << 30) | (c >>> 2);
  x = w3 ^ w14 ^ w8 ^ w6;
  w6 = (x << 1) | (x >>> 31);
  e = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e - 0x359d3e2a + w6) | 0;
  b = (b << 30) | (b >>> 2);
  x = w4 ^ w15 ^ w9 ^ w7;
  w7 = (x << 1) | (x >>> 31);
  d = (((e << 5) | (e >>> 27)) + (a ^ b ^ c) + d - 0x359d3e2a + w7) | 0;
  a = (a << 30) | (a >>> 2);
  x = w5 ^ w0 ^ w10 ^ w8;
  w8 = (x << 1) | (x >>> 31);
  c = (((d << 5) | (d >>> 27)) + (e ^ a ^ b) + c - 0x359d3e2a + w8) | 0;
  e = (e << 30) | (e >>> 2);
  x = w6 ^ w1 ^ w11 ^ w9;
  w9 = (x << 1) | (x >>> 31);
  b = (((c << 5) | (c >>> 27)) + (d ^ e ^ a) + b - 0x359d3e2a + w9) | 0;
  d = (d << 30) | (d >>> 2);
  x = w7 ^ w2 ^ w12 ^ w10;
  w10 = (x << 1) | (x >>> 31);
  a = (((b << 5) | (b >>> 27)) + (c ^ d ^ e) + a - 0x359d3e2a + w10) | 0;
  c = (c << 30) | (c >>> 2);
  x = w8 ^ w3 ^ w13 ^ w11;
  w11 = (x << 1) | (x >>> 31);
  e = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e - 0x359d3e2a + w11) | 0;
  b = (b << 30) | (b >>> 2);
  x = w9 ^ w4 ^ w14 ^ w12;
  w12 = (x << 1) | (x >>> 31);
  d = (((e << 5) | (e >>> 27)) + (a ^ b ^ c) + d - 0x359d3e2a + w12) | 0;
  a = (a << 30) | (a >>> 2);
  x = w10 ^ w5 ^ w15 ^ w13;
  w13 = (x << 1) | (x >>> 31);
  c = (((d << 5) | (d >>> 27)) + (e ^ a ^ b) + c - 0x359d3e2a + w13) | 0;
  e = (e << 30) | (e >>> 2);
  x = w11 ^ w6 ^ w0 ^ w14;
  w14 = (x << 1) | (x >>> 31);
  b = (((c << 5) | (c >>> 27)) + (d ^ e ^ a) + b - 0x359d3e2a + w14) | 0;
  d = (d << 30) | (d >>> 2);
  x = w12 ^ w7 ^ w1 ^ w15;
  w15 = (x << 1) | (x >>> 31);
  a = (((b << 5) | (b >>> 27)) + (c ^ d ^ e) + a - 0x359d3e2a + w15) | 0;
  c = (c << 30) | (c >>> 2);
  h[0] = (h[0]! + a) | 0;
  h[1] = (h[1]! + b) | 0;
  h[2] = (h[2]! + c) | 0;
  h[3] = (h[3]! + d) | 0;
  h[4] = (h[4]! + e) | 0;
}

/** Absorbs every whole block of `data[0, length)` into `h`; returns where the unabsorbed tail starts. */
export function sha1Blocks(h: Sha1State, data: Uint8Array, length: number): number {
  let at = 0;
  for (; at + 64 <= length; at += 64) compress(h, data, at);
  return at;
}

/** The padded last blocks of a hash: a tail of up to LONGEST_TAIL bytes fits in three. */
const last = new Uint8Array(192);
export const LONGEST_TAIL = 192 - 9;

/**
 * Finishes a hash into `out`: `h` has absorbed `absorbed` bytes (whole blocks), `tail[0, tailLength)`
 * is the rest (at most LONGEST_TAIL bytes). `h` itself is left as it was, so a midstate can be
 * finished again with another tail.
 */
export function sha1Finish(h: Sha1State, absorbed: number, tail: Uint8Array, tailLength: number, out: Sha1State): void {
  out.set(h);
  const end = Math.ceil((tailLength + 9) / 64) * 64;
  for (let i = 0; i < tailLength; i++) last[i] = tail[i]!;
  last[tailLength] = 0x80;
  last.fill(0, tailLength + 1, end - 8);
  // The message length in bits, big-endian, in the last 8 bytes (the high word from 512 MiB on).
  const bytes = absorbed + tailLength;
  const high = Math.floor(bytes / 0x20000000);
  const low = (bytes * 8) >>> 0;
  last[end - 8] = high >>> 24;
  last[end - 7] = high >>> 16;
  last[end - 6] = high >>> 8;
  last[end - 5] = high;
  last[end - 4] = low >>> 24;
  last[end - 3] = low >>> 16;
  last[end - 2] = low >>> 8;
  last[end - 1] = low;
  for (let at = 0; at < end; at += 64) compress(out, last, at);
}

/**
 * Writes the UTF-8 of `text` into `out` from `at` (lone surrogates become U+FFFD, as in Buffer and
 * node:crypto); returns the end. `out` must hold 3 bytes per UTF-16 code unit from `at`.
 */
export function writeUtf8(text: string, out: Uint8Array, at: number): number {
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      out[at++] = c;
      continue;
    }
    if (c < 0x800) {
      out[at++] = 0xc0 | (c >> 6);
      out[at++] = 0x80 | (c & 63);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        const code = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        out[at++] = 0xf0 | (code >> 18);
        out[at++] = 0x80 | ((code >> 12) & 63);
        out[at++] = 0x80 | ((code >> 6) & 63);
        out[at++] = 0x80 | (code & 63);
        i++;
        continue;
      }
      c = 0xfffd;
    }
    out[at++] = 0xe0 | (c >> 12);
    out[at++] = 0x80 | ((c >> 6) & 63);
    out[at++] = 0x80 | (c & 63);
  }
  return at;
}

const HEX = Array.from("0123456789abcdef", (d) => d.charCodeAt(0));

const digestState = new Int32Array(5);
const tailScratch = new Uint8Array(64);

/** SHA-1 of `data[0, length)` into `out` (a fresh state is made and absorbed). */
export function sha1Of(data: Uint8Array, length: number, out: Sha1State): void {
  const h = sha1Initial();
  const tail = sha1Blocks(h, data, length);
  for (let i = tail; i < length; i++) tailScratch[i - tail] = data[i]!;
  sha1Finish(h, tail, tailScratch, length - tail, out);
}

const hexScratch: number[] = new Array<number>(40).fill(0);

/** SHA-1 of `data[0, length)` as 40 lowercase hex digits (a flat string). */
export function sha1HexOf(data: Uint8Array, length: number): string {
  sha1Of(data, length, digestState);
  let at = 0;
  for (let w = 0; w < 5; w++) {
    const word = digestState[w]!;
    for (let shift = 28; shift >= 0; shift -= 4) hexScratch[at++] = HEX[(word >>> shift) & 15]!;
  }
  return String.fromCharCode.apply(null, hexScratch);
}
