// `-O key=value` converter options, shared by `convert` and `listen`.
import { UsageError } from "./exit-codes.js";

/**
 * Commander collector for a repeatable option. `-O` takes exactly one value per use (not a
 * variadic `<key=value...>`, which would swallow the input files that follow it).
 */
export function collectRepeated(value: string, previous: readonly string[] = []): string[] {
  return [...previous, value];
}

/** Turns `key=value` pairs into an options object; values are parsed as JSON when they can be. */
export function parseOptionPairs(pairs: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new UsageError(`--option wants key=value, got "${pair}"`);
    const key = pair.slice(0, eq);
    if (key === "__proto__" || key === "constructor" || key === "prototype") throw new UsageError(`--option: "${key}" is not an option name`);
    const text = pair.slice(eq + 1);
    let value: unknown = text;
    try {
      value = JSON.parse(text);
    } catch {
      // Not JSON: the value is the plain string.
    }
    out[key] = value;
  }
  return out;
}
