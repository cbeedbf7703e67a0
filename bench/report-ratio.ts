// The one way a bench reports a ratio against its target: a line `RATIO {json}` on stdout, which
// bench/run.ts collects from every bench's output into the table it prints at the end (issue 17).
// A bench still prints its own figures; this line is the verdict that the table carries.

export interface Ratio {
  /** What the ratio is, as the table shows it ("validate: schema-only / JSON.parse"). */
  readonly name: string;
  readonly value: number;
  readonly target: number;
  /** Whether a value above the target ("higher") or below it ("lower") meets it. */
  readonly better: "higher" | "lower";
  /** How it was measured, in a few words ("CPU time, best of 5"). */
  readonly how?: string;
}

export interface ReportedRatio extends Ratio {
  readonly met: boolean;
}

export const RATIO_PREFIX = "RATIO ";

/** Prints the ratio's line and returns whether it meets its target (NaN never does). */
export function reportRatio(ratio: Ratio): boolean {
  const met = ratio.better === "higher" ? ratio.value >= ratio.target : ratio.value <= ratio.target;
  const line: ReportedRatio = { ...ratio, value: Number(ratio.value.toFixed(3)), met };
  console.log(`${RATIO_PREFIX}${JSON.stringify(line)}`);
  return met;
}

/** The ratio of a `RATIO {json}` line, or undefined for any other line (or a malformed one). */
export function parseRatioLine(line: string): ReportedRatio | undefined {
  if (!line.startsWith(RATIO_PREFIX)) return undefined;
  try {
    const r = JSON.parse(line.slice(RATIO_PREFIX.length)) as Partial<ReportedRatio>;
    if (typeof r.name !== "string" || typeof r.target !== "number" || (r.better !== "higher" && r.better !== "lower")) return undefined;
    // JSON has no NaN: a ratio that could not be measured arrives as null.
    const value = typeof r.value === "number" ? r.value : Number.NaN;
    return { name: r.name, value, target: r.target, better: r.better, met: r.met === true, ...(r.how === undefined ? {} : { how: r.how }) };
  } catch {
    return undefined;
  }
}
