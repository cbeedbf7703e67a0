// Deterministic pseudo-random inputs for property tests: a failure can be replayed from its seed.

/** A linear congruential generator giving numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let x = seed;
  return () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x / 0x100000000;
  };
}

/** Pieces that stress UTF-8 and JSON: multi-byte, astral, lone surrogates, NUL, quote, backslash. */
const PIECES = ["a", "Z", "0", " ", "\0", "é", "€", "😀", "\ud800", "\udfff", "\n", '"', "\\"];

/** A text of at least `length` UTF-16 units made of PIECES. */
export function randomText(random: () => number, length: number): string {
  let text = "";
  while (text.length < length) text += PIECES[Math.floor(random() * PIECES.length)]!;
  return text;
}
