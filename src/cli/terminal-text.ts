// Text from untrusted input shown on a terminal: control characters are escaped so that a record
// cannot move the cursor, retitle the window or forge a line of the tool's own output.

// C0 controls (newline and tab included: one record, one line), DEL, C1 controls, and the Unicode
// line and paragraph separators.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

export function terminalSafe(text: string): string {
  return text.replace(CONTROL, (c) =>
    c === "\t" ? "\\t" : c === "\n" ? "\\n" : c === "\r" ? "\\r" : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
