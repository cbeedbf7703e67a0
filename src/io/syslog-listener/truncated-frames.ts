// Frames a connection cut short (an octet-counted message missing bytes its length promised) must
// be rejected, not converted as if complete. The listener hands records to the pipeline as lines,
// so it remembers which line numbers were truncated and rejects those before the converter runs.
import type { Converter, ConvertContext } from "../../core/converter.js";
import { IdmefError } from "../../core/errors.js";

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
    const guarded = <F extends (record: never, ctx: ConvertContext) => unknown>(inner: F): F =>
      ((record: never, ctx: ConvertContext) => {
        check(ctx);
        return inner(record, ctx);
      }) as F;
    if (converter.setup !== undefined) {
      const setup = converter.setup.bind(converter);
      return Object.create(converter, {
        setup: { enumerable: true, value: async (options: never) => guarded(await setup(options)) },
      }) as Converter;
    }
    const legacy = converter;
    return Object.create(legacy, {
      convert: { enumerable: true, value: guarded((record: unknown, ctx: ConvertContext) => legacy.convert(record, ctx)) },
    }) as Converter;
  }
}
