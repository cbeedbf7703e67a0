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

/** Longest PROCID (RFC 5424: 128) or MSGID (32) token looked at in the APP-NAME form. */
const TOKEN_LIMIT = 128;

/**
 * Microsoft Defender for Identity (Azure ATP) and ATA write CEF in RFC 5424 with APP-NAME "CEF",
 * then PROCID and MSGID, and the message starting at the version, with no "CEF:" and no
 * STRUCTURED-DATA: "<36>1 2022-11-22T22:08:22.221058+00:00 HOST CEF 10912 RemoteExecutionSecurityAlert
 * 0|Microsoft|Azure ATP|...", sometimes with a UTF-8 BOM before the "0" (RFC 5424's MSG). The
 * event's marker is then that APP-NAME. Linear: one indexOf per candidate, tokens scanned once.
 */
function appNameFormStart(line: string, limit: number): EmbeddedEventStart | undefined {
  let from = 0;
  while (from < limit) {
    const space = line.indexOf(" CEF ", from);
    if (space < 0 || space >= limit) return undefined;
    let i = space + 5;
    let tokens = 0;
    while (tokens < 2) {
      const tokenStart = i;
      while (i < line.length && i - tokenStart < TOKEN_LIMIT && line.charCodeAt(i) > 32 && line.charCodeAt(i) !== 124) i++;
      if (i === tokenStart || line[i] !== " ") break;
      i++;
      tokens++;
    }
    if (tokens === 2) {
      if (line.charCodeAt(i) === 0xfeff) i++;
      const versionAt = versionStart(line, i);
      if (versionAt !== undefined) return { format: "cef", at: space + 1, versionAt };
    }
    from = space + 1;
  }
  return undefined;
}

/**
 * The first CEF or LEEF marker that begins the line or follows a space, a tab, a PRI's '>' or a
 * UTF-8 BOM (RFC 5424's MSG may start with one), and is followed by a version and '|'; else the
 * APP-NAME form of Microsoft's CEF (appNameFormStart). Undefined when the line carries none in its
 * first characters.
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
      if (before === " " || before === "\t" || before === ">" || before === "\uFEFF") {
        const versionAt = versionStart(line, at + marker.text.length);
        if (versionAt !== undefined) {
          if (best === undefined || at < best.at) best = { format: marker.format, at, versionAt };
          break;
        }
      }
      from = at + 1;
    }
  }
  return best ?? appNameFormStart(line, limit);
}
