// The books of one run: every record read ends as converted, skipped (by reason) or rejected (by code).

export interface RunStats {
  /** Inputs (files or streams) read. */
  files: number;
  bytes: number;
  /** Records the framers produced (lines, JSON values, documents or XML elements). */
  read: number;
  /** Records that became at least one valid message. */
  converted: number;
  /** Messages written (a record may give several). */
  messages: number;
  skipped: Record<string, number>;
  rejected: Record<string, number>;
  warnings: number;
}

export class Accounting {
  readonly stats: RunStats = {
    files: 0,
    bytes: 0,
    read: 0,
    converted: 0,
    messages: 0,
    skipped: Object.create(null) as Record<string, number>,
    rejected: Object.create(null) as Record<string, number>,
    warnings: 0,
  };

  converted(messages: number): void {
    this.stats.read++;
    this.stats.converted++;
    this.stats.messages += messages;
  }

  skipped(reason: string): void {
    this.stats.read++;
    this.stats.skipped[reason] = (this.stats.skipped[reason] ?? 0) + 1;
  }

  rejected(code: string): void {
    this.stats.read++;
    this.stats.rejected[code] = (this.stats.rejected[code] ?? 0) + 1;
  }

  get rejectedTotal(): number {
    return sum(this.stats.rejected);
  }

  get skippedTotal(): number {
    return sum(this.stats.skipped);
  }

  /** read = converted + skipped + rejected; false means a record was lost (a bug). */
  balances(): boolean {
    return this.stats.read === this.stats.converted + this.skippedTotal + this.rejectedTotal;
  }
}

export function sum(counts: Readonly<Record<string, number>>): number {
  let total = 0;
  for (const key of Object.keys(counts)) total += counts[key] ?? 0;
  return total;
}
