// Test helpers for converter authors (`idmefv2/testing`): a recording ConvertContext, one-record
// conversion through the real contract, and the golden-file helpers this repository uses itself.
import type { Converter, ConvertContext, RecordSource } from "../core/converter.js";
import { ConversionError } from "../core/errors.js";
import { uuidV5 } from "../core/ids.js";
import { normalizeTimestamp } from "../core/timestamps.js";
import type { IdmefVersion } from "../core/versions.js";
import { GOLDEN_NOW, goldenIds } from "../framework/golden.js";
import { prepareConverter } from "../framework/setup.js";

export { MemorySinks } from "../framework/sinks.js";
export {
  goldenCases,
  runGoldenCase,
  formatGolden,
  goldenIds,
  checkGoldenFolder,
  GOLDEN_NOW,
  type GoldenCase,
  type GoldenResult,
  type GoldenFolderReport,
  type GoldenCaseFailure,
} from "../framework/golden.js";

export interface TestContextOptions {
  readonly options?: Readonly<Record<string, unknown>>;
  readonly version?: IdmefVersion;
  readonly source?: RecordSource;
  /** Default: the golden runs' fixed "now", 2026-01-15T12:00:00Z. */
  readonly now?: string;
}

/** A ConvertContext that records what the converter reports; IDs count up like golden files'. */
export interface TestContext extends ConvertContext {
  readonly warnings: string[];
  /** Every ctx.skip reason, in order. */
  readonly skips: string[];
}

export function createTestContext(options: TestContextOptions = {}): TestContext {
  const warnings: string[] = [];
  const skips: string[] = [];
  const now = options.now ?? GOLDEN_NOW;
  return {
    options: options.options ?? {},
    version: options.version ?? "2.D.V08",
    newId: goldenIds(),
    uuidV5: (name, namespace) => uuidV5(name, namespace),
    now: () => now,
    timestamp: (text, timestampOptions) => normalizeTimestamp(text, timestampOptions),
    source: options.source ?? { file: "test", line: 1 },
    skip: (reason) => {
      skips.push(reason);
    },
    reject: (reason): never => {
      throw new ConversionError(reason);
    },
    warn: (message) => {
      warnings.push(message);
    },
    warnings,
    skips,
  };
}

/**
 * Sets up a converter (contract 1 or 2) with these options, checked as a run would check them,
 * and returns a function that converts one record with a fresh test context. The output is what
 * `convert` returned, before the finisher (no IDs added) and before validation.
 */
export async function converterForTest(
  converter: Converter,
  options: Readonly<Record<string, unknown>> = {},
): Promise<(record: unknown, context?: Omit<TestContextOptions, "options">) => Promise<{ output: unknown; context: TestContext }>> {
  const prepared = await prepareConverter(converter, options);
  return async (record, context = {}) => {
    const ctx = createTestContext({ ...context, options: prepared.options });
    return { output: await prepared.convert(record, ctx), context: ctx };
  };
}
