// Splits a byte stream into text lines with a cap on line length, so a huge line (or a file with no
// line breaks) never has to fit in memory: its excess is skipped and the line reported as too long.

export interface BoundedLine {
  /** 1-based line number. */
  readonly number: number;
  /** The line's text without its line ending; empty when the line was too long. */
  readonly text: string;
  /** Set when the line was longer than the cap: its text was dropped, its length counted. */
  readonly tooLongBytes?: number;
}

const NEWLINE = 0x0a;

function decodeLine(chunks: readonly Buffer[], stripBom: boolean): string {
  let text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString("utf8");
  if (text.endsWith("\r")) text = text.slice(0, -1);
  if (stripBom && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text;
}

/**
 * The lines of `stream`, each at most `maxLineBytes` bytes (longer lines come back with
 * `tooLongBytes` and no text). Memory stays within about one chunk plus `maxLineBytes`.
 */
export async function* boundedLines(stream: AsyncIterable<Buffer | string>, maxLineBytes: number): AsyncGenerator<BoundedLine> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let overflow = false;
  let number = 1;
  const finish = (lastChunks: readonly Buffer[]): BoundedLine => {
    const line: BoundedLine = overflow
      ? { number, text: "", tooLongBytes: pendingBytes }
      : { number, text: decodeLine(lastChunks, number === 1) };
    number++;
    pending = [];
    pendingBytes = 0;
    overflow = false;
    return line;
  };
  for await (const piece of stream) {
    const chunk = typeof piece === "string" ? Buffer.from(piece, "utf8") : piece;
    let start = 0;
    while (start < chunk.length) {
      const end = chunk.indexOf(NEWLINE, start);
      const stop = end === -1 ? chunk.length : end;
      const part = chunk.subarray(start, stop);
      pendingBytes += part.length;
      if (!overflow && pendingBytes > maxLineBytes) {
        overflow = true;
        pending = [];
      }
      // Copy: the stream may reuse its buffer, and a subarray would keep the whole chunk alive.
      if (!overflow && part.length > 0) pending.push(Buffer.from(part));
      if (end === -1) break;
      yield finish(pending);
      start = end + 1;
    }
  }
  if (pendingBytes > 0 || overflow) yield finish(pending);
}
