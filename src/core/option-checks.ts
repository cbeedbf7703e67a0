// Helpers for Converter.checkOptions: a misspelt option must stop the run, not be ignored.
import { IdmefError } from "./errors.js";
import { didYouMean } from "./suggest.js";

/**
 * Throws IdmefError CONFIG_ERROR naming every option of `options` that is not in `known`, with a
 * "did you mean" for near misses (`timzone` -> `timezone`).
 */
export function rejectUnknownOptions(format: string, options: Readonly<Record<string, unknown>>, known: readonly string[]): void {
  const unknown = Object.keys(options).filter((key) => !known.includes(key));
  if (unknown.length === 0) return;
  const described = unknown.map((key) => {
    const near = didYouMean(key, known);
    return near === undefined ? `"${key}"` : `"${key}" (did you mean "${near}"?)`;
  });
  throw new IdmefError(
    "CONFIG_ERROR",
    `unknown ${format} option${unknown.length > 1 ? "s" : ""} ${described.join(", ")}: the ${format} options are ${known.join(", ")}`,
  );
}
