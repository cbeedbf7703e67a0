// Where a CEF or LEEF event starts in a line (alone, or after a syslog header). Shared by the cef
// and leef converters and by syslog's detection, so that a syslog-borne CEF file is detected as CEF.

export type EmbeddedEventFormat = "cef" | "leef";

export interface EmbeddedEventStart {
  readonly format: EmbeddedEventFormat;
  /** Index of the "CEF:" / "LEEF:" marker. */
  readonly at: number;
  /** Index of the first character of the version ("0" of "CEF:0|", spaces after the colon skipped). */
  readonly versionAt: number;
}

/** Syslog headers (PRI, stamp, host, tag) are short: the marker is looked for in this many characters. */
export const EMBEDDED_EVENT_SEARCH_LIMIT = 512;

const MARKERS = [
  { format: "cef", text: "CEF:" },
  { format: "leef", text: "LEEF:" },
] as const;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The version after the marker: up to 5 digits and dots, then '|' ("0|", "1|", "1.0|", "2.0|"). */
function versionStart(line: string, afterMarker: number): number | undefined {
  let i = afterMarker;
  // "CEF: 0|" (Barracuda's writers put a space after the colon).
  while (i < line.length && i - afterMarker < 2 && line[i] === " ") i++;
  const start = i;
  if (!isDigit(line.charCodeAt(i))) return undefined;
  while (i < line.length && i - start < 5 && (isDigit(line.charCodeAt(i)) || line[i] === ".")) i++;
  return line[i] === "|" ? start : undefined;
}

/**
 * The first CEF or LEEF marker that begins the line or follows a space, a tab or a PRI's '>', and
 * is followed by a version and '|'. Undefined when the line carries none in its first characters.
 */
export function embeddedEventStart(line: string): EmbeddedEventStart | undefined {
  const limit = Math.min(line.length, EMBEDDED_EVENT_SEARCH_LIMIT);
  let best: EmbeddedEventStart | undefined;
  for (const marker of MARKERS) {
    let from = 0;
    while (from < limit) {
      const at = line.indexOf(marker.text, from);
      if (at < 0 || at >= limit) break;
      const before = at === 0 ? " " : line[at - 1];
      if (before === " " || before === "\t" || before === ">") {
        const versionAt = versionStart(line, at + marker.text.length);
        if (versionAt !== undefined) {
          if (best === undefined || at < best.at) best = { format: marker.format, at, versionAt };
          break;
        }
      }
      from = at + 1;
    }
  }
  return best;
}
