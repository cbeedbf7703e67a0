// Cuts lines of text into JSON records: NDJSON (one value per line) or whole documents that span
// many lines (pretty-printed messages, one after another). The mode is chosen by the first record:
// if it ends on its own line the input is NDJSON, so one broken line never swallows the next ones.

export interface JsonRecordText {
  /** 1-based line where the record starts. */
  readonly line: number;
  readonly text: string;
  /** Set when the record was longer than the cap: its text was dropped, its length counted. */
  readonly tooLongChars?: number;
}

/** Tracks string and nesting state over the characters of a JSON text, one line at a time. */
class DepthTracker {
  depth = 0;
  inString = false;
  escaped = false;
  /** True once the current record has a non-blank character. */
  started = false;

  /** Feeds one line; returns true when a top-level value is complete at the end of the line. */
  feed(line: string): boolean {
    for (let i = 0; i < line.length; i++) {
      const c = line.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 0x5c) this.escaped = true;
        else if (c === 0x22) this.inString = false;
        continue;
      }
      if (c === 0x20 || c === 0x09 || c === 0x0d) continue;
      this.started = true;
      if (c === 0x22) this.inString = true;
      else if (c === 0x7b || c === 0x5b) this.depth++;
      else if (c === 0x7d || c === 0x5d) this.depth--;
    }
    // A string left open at a line end is broken JSON (raw newlines are not allowed in strings):
    // end the record here and let the parser report it.
    return this.started && (this.depth <= 0 || this.inString);
  }

  reset(): void {
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    this.started = false;
  }
}

export class JsonRecordSplitter {
  private mode: "unknown" | "ndjson" | "documents" = "unknown";
  private readonly tracker = new DepthTracker();
  private buffer: string[] = [];
  private bufferChars = 0;
  private lines = 0;
  private startLine = 0;

  /** @param maxRecordChars a record longer than this comes back with `tooLongChars` and no text. */
  constructor(private readonly maxRecordChars: number = Infinity) {}

  /** Feeds one line; returns the records it completes (zero, one, or two when it resynchronises). */
  push(lineNumber: number, text: string): JsonRecordText[] {
    if (this.mode === "ndjson") {
      return text.trim() === "" ? [] : [{ line: lineNumber, text }];
    }
    // Pretty-printed messages start with "{" in the first column and nest indented. A "{" there
    // while a record is still open means that record is broken (an extra "{", a missing "}"): end
    // it here, for the parser to report, so that it cannot swallow the messages after it.
    if (this.lines > 0 && text.startsWith("{")) {
      this.mode = "documents";
      const broken = this.take();
      return [broken, ...this.push(lineNumber, text)];
    }
    if (this.lines === 0) {
      if (text.trim() === "") return [];
      this.startLine = lineNumber;
    }
    this.lines++;
    this.bufferChars += text.length + 1;
    // Past the cap the text is dropped, but the nesting is still followed to find the record's end.
    if (this.bufferChars <= this.maxRecordChars) this.buffer.push(text);
    else this.buffer = [];
    const complete = this.tracker.feed(text);
    if (!complete) return [];
    if (this.mode === "unknown") this.mode = this.lines === 1 ? "ndjson" : "documents";
    return [this.take()];
  }

  /** Whatever is left at the end of the input (an unfinished record, reported by the parser). */
  end(): JsonRecordText[] {
    return this.lines === 0 ? [] : [this.take()];
  }

  private take(): JsonRecordText {
    const record: JsonRecordText =
      this.bufferChars > this.maxRecordChars
        ? { line: this.startLine, text: "", tooLongChars: this.bufferChars - 1 }
        : { line: this.startLine, text: this.buffer.join("\n") };
    this.buffer = [];
    this.bufferChars = 0;
    this.lines = 0;
    this.tracker.reset();
    return record;
  }
}
