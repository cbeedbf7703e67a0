// Frames a connection cut short (an octet-counted message missing bytes its length promised) must
// be rejected, not converted as if complete. The listener hands records to the pipeline as lines,
// so it remembers which line numbers were truncated and rejects those before the converter runs.
import type { Converter, ConvertContext, ConvertResult } from "../../core/converter.js";
import { IdmefError } from "../../core/errors.js";

type ConvertFunction = (record: unknown, ctx: ConvertContext) => ConvertResult | Promise<ConvertResult>;

export class TruncatedFrames {
  /** Reasons by the line number the frame has in the listener's stream of lines. */
  private readonly reasons = new Map<number, string>();

  mark(line: number, reason: string): void {
    this.reasons.set(line, reason);
  }

  /**
   * `converter`, except that a record on a marked line is rejected as TRUNCATED_RECORD. Works for
   * a plain `convert` and for a `setup` that returns one (whichever the converter has).
   */
  wrap(converter: Converter): Converter {
    const check = (ctx: ConvertContext): void => {
      const line = ctx.source.line;
      const reason = this.reasons.get(line);
      // Lines never converted (blank ones are skipped by the framer) must not pile up.
      for (const marked of this.reasons.keys()) if (marked <= line) this.reasons.delete(marked);
      if (reason !== undefined) throw new IdmefError("TRUNCATED_RECORD", reason, { place: { file: ctx.source.file, line } });
    };
    const guarded = (inner: ConvertFunction): ConvertFunction => (record, ctx) => {
      check(ctx);
      return inner(record, ctx);
    };
    const wrapped = Object.create(converter) as Converter;
    const setup = (converter as { setup?: (options: unknown) => unknown }).setup;
    if (typeof setup === "function") {
      Object.defineProperty(wrapped, "setup", {
        enumerable: true,
        value: async (options: unknown) => {
          const inner = await setup.call(converter, options);
          return typeof inner === "function" ? guarded(inner as ConvertFunction) : inner;
        },
      });
    } else {
      Object.defineProperty(wrapped, "convert", { enumerable: true, value: guarded((record, ctx) => converter.convert(record, ctx)) });
    }
    return wrapped;
  }
}
