// Pretty-printed JSON in a json-lines input: a value that a pretty printer spread over lines
// (JSON.stringify(v, null, 2), `json.dumps(indent=2)`, `jq .`, vendors' documentation) is gathered
// into one record, so that a finding copied from a page converts like its one-line form.

/**
 * Whether a line opens a pretty-printed value: it is `{` or `[` alone (pretty printers put the
 * first member on the next line). A torn one-line record never looks so, so gathering cannot
 * swallow the good lines after a damaged one.
 */
export function opensJsonBlock(text: string): boolean {
  const t = text.trim();
  return t === "{" || t === "[";
}

/** Lines of one pretty-printed value, gathered until its brackets close (strings and escapes skipped). */
export class JsonBlock {
  private parts: string[] = [];
  private bytes = 0;
  private depth = 0;
  /** 1-based line of the opening bracket. */
  line = 0;

  constructor(private readonly maxBytes: number) {}

  get open(): boolean {
    return this.parts.length > 0;
  }

  /** Starts a block at its opening line. */
  start(text: string, line: number): void {
    this.parts = [];
    this.bytes = 0;
    this.depth = 0;
    this.line = line;
    this.add(text);
  }

  /**
   * Adds a line: "done" with the value's text when its brackets closed, "open" while they have
   * not, or the reason it cannot be one value (too large). A string never spans lines in JSON, so
   * the string state starts afresh on each line.
   */
  add(
    text: string,
  ):
    | { readonly state: "open" }
    | { readonly state: "done"; readonly text: string }
    | { readonly state: "failed"; readonly reason: string; readonly text: string } {
    this.parts.push(text);
    this.bytes += text.length + 1;
    let inString = false;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (inString) {
        if (c === 92 /* \ */) i++;
        else if (c === 34 /* " */) inString = false;
      } else if (c === 34) inString = true;
      else if (c === 123 /* { */ || c === 91 /* [ */) this.depth++;
      else if (c === 125 /* } */ || c === 93 /* ] */) this.depth--;
    }
    if (this.depth <= 0) return { state: "done", text: this.take() };
    if (this.bytes > this.maxBytes)
      return {
        state: "failed",
        reason: `pretty-printed JSON value from line ${this.line} is longer than the ${this.maxBytes}-byte limit; raise maxRecordBytes to accept it`,
        text: this.take().slice(0, 200),
      };
    return { state: "open" };
  }

  /** The gathered text, the block closed. */
  take(): string {
    const text = this.parts.join("\n");
    this.parts = [];
    this.bytes = 0;
    this.depth = 0;
    return text;
  }
}
