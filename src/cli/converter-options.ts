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
    if (key === "__proto__" || key === "constructor" || key === "prototype")
      throw new UsageError(`--option: "${key}" is not an option name`);
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

/**
 * The `-O` options that apply to one converter: plain `key` options apply to every format of the
 * run; `format.key` (e.g. `suricata.events`) only to that format (by name or alias), so a run
 * over several formats can give each its own options.
 */
export function optionsForFormat(
  options: Readonly<Record<string, unknown>>,
  converter: { readonly format: string; readonly aliases?: readonly string[] },
): Record<string, unknown> {
  const names = [converter.format, ...(converter.aliases ?? [])];
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    const dot = key.indexOf(".");
    if (dot < 0) out[key] = value;
    else if (names.includes(key.slice(0, dot))) out[key.slice(dot + 1)] = value;
  }
  return out;
}
