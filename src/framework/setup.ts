// Turns any converter (contract 1 or 2) into the one shape the pipeline calls: a convert function
// for this run, with its options checked once and `setup` called once.
import type { Converter, ConvertContext, ConvertResult } from "../core/converter.js";
import { checkConverterOptions, configError } from "./check-options.js";

export interface PreparedConverter {
  readonly converter: Converter;
  /** The checked options (defaults filled in): what `ctx.options` shows. */
  readonly options: Readonly<Record<string, unknown>>;
  readonly convert: (record: unknown, ctx: ConvertContext) => ConvertResult | Promise<ConvertResult>;
}

/** Checks the options and runs `setup`; either failing is a CONFIG_ERROR naming the format. */
export async function prepareConverter(converter: Converter, rawOptions: Readonly<Record<string, unknown>>): Promise<PreparedConverter> {
  const options = checkConverterOptions(converter, rawOptions);
  if (converter.setup === undefined) {
    const legacy = converter;
    return { converter, options, convert: (record, ctx) => legacy.convert(record, ctx) };
  }
  let convert: unknown;
  try {
    convert = await (converter.setup as (this: Converter, options: Readonly<Record<string, unknown>>) => unknown).call(converter, options);
  } catch (error) {
    throw configError(converter, error);
  }
  if (typeof convert !== "function") {
    throw configError(
      converter,
      new TypeError(
        `setup() returned ${convert === null ? "null" : typeof convert} instead of a convert function (record, ctx) => message(s) | null`,
      ),
    );
  }
  return { converter, options, convert: convert as PreparedConverter["convert"] };
}
