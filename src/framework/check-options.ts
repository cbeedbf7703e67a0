// Runs a converter's own check of its options (Converter.checkOptions) as a configuration error.
import type { Converter } from "../core/converter.js";
import { IdmefError } from "../core/errors.js";

/**
 * Throws IdmefError CONFIG_ERROR, naming the format, when the converter rejects its options. The
 * pipeline calls it before the first record; the CLI calls it before opening any output, so that
 * a wrong option neither truncates an output file nor lets a listener start.
 */
export function checkConverterOptions(converter: Converter, options: Readonly<Record<string, unknown>>): void {
  if (converter.checkOptions === undefined || passed.get(options)?.has(converter) === true) return;
  try {
    converter.checkOptions(options);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new IdmefError("CONFIG_ERROR", `options of format "${converter.format}": ${reason}`, { cause: error });
  }
  let converters = passed.get(options);
  if (converters === undefined) passed.set(options, (converters = new WeakSet()));
  converters.add(converter);
}

// Options objects (by identity) already checked, per converter: the CLI checks them before opening
// its outputs and the pipeline before the first record, and neither should do the other's work again.
const passed = new WeakMap<object, WeakSet<Converter>>();
