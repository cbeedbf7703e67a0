// "Did you mean": the nearest allowed value to a near miss ("medium" -> "Medium", "Analyser" -> "Analyzer").

/**
 * Edit distance counting insertions, deletions, substitutions and swaps of neighbours ("Hihg" ->
 * "High" is 1), stopping early once it exceeds `limit` (the caller only wants close words).
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, beforePrevious[j - 2]! + 1);
      }
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The candidate `value` most likely meant: a case-insensitive match first, else the closest one
 * within a small edit distance (1 for short words, up to 3 for long ones). Undefined when none is close.
 */
export function didYouMean(value: unknown, candidates: readonly unknown[]): string | undefined {
  if (typeof value !== "string" || value.length === 0 || value.length > 200) return undefined;
  const wanted = value.toLowerCase();
  const strings = candidates.filter((c): c is string => typeof c === "string");
  const sameButCase = strings.find((c) => c.toLowerCase() === wanted);
  if (sameButCase !== undefined) return sameButCase;
  const limit = Math.min(3, Math.max(1, Math.floor(wanted.length / 4)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of strings) {
    const distance = editDistance(wanted, candidate.toLowerCase(), bestDistance - 1);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
