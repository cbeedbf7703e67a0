// Checks a converter's options once, as a configuration error: a contract-2 converter's declared
// schema, or a contract-1 converter's own checkOptions.
import type { Converter } from "../core/converter.js";
import { IdmefError, isIdmefError } from "../core/errors.js";
import { checkOptionValues } from "../core/option-schema.js";

/**
 * Throws IdmefError CONFIG_ERROR, naming the format, when the options are wrong; returns them
 * checked, with the schema's defaults filled in (contract 1: as given). The pipeline calls it
 * before the first record; the CLI calls it before opening any output, so that a wrong option
 * neither truncates an output file nor lets a listener start.
 */
export function checkConverterOptions(converter: Converter, options: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  const known = passed.get(options)?.get(converter);
  if (known !== undefined) return known;
  let checked: Readonly<Record<string, unknown>>;
  try {
    if (converter.setup !== undefined) checked = Object.freeze(checkOptionValues(converter.format, converter.options ?? {}, options));
    else {
      converter.checkOptions?.(options);
      checked = options;
    }
  } catch (error) {
    throw configError(converter, error);
  }
  let converters = passed.get(options);
  if (converters === undefined) passed.set(options, (converters = new WeakMap()));
  converters.set(converter, checked);
  return checked;
}

/** A converter's complaint about its options (or its setup) as the CONFIG_ERROR the CLI reports. */
export function configError(converter: Converter, error: unknown): IdmefError {
  const reason = error instanceof Error || isIdmefError(error) ? error.message : String(error);
  return new IdmefError("CONFIG_ERROR", `options of format "${converter.format}": ${reason}`, { cause: error });
}

// Options objects (by identity) already checked, per converter: the CLI checks them before opening
// its outputs and the pipeline before the first record, and neither should do the other's work again.
const passed = new WeakMap<object, WeakMap<Converter, Readonly<Record<string, unknown>>>>();
