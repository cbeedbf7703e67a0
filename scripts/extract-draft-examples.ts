// Extracts the JSON examples of the IDMEFv2 drafts (draft-06 Appendix A, draft-08 Appendix B) into
// fixtures/core/drafts/, byte for byte as printed (page breaks removed). Run by hand once; the
// files are checked in with their provenance in fixtures/core/SOURCES.md.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const REFERENCE = "/work/shared/reference";
const OUT = new URL("../fixtures/core/drafts/", import.meta.url);

/** The drafts and the appendix holding their examples. */
const DRAFTS = [
  { draft: "draft-lehmann-idmefv2-06", appendix: "A", short: "draft-06" },
  { draft: "draft-lehmann-idmefv2-08", appendix: "B", short: "draft-08" },
] as const;

export interface DraftExample {
  readonly section: string;
  readonly title: string;
  /** 1-based line of the example's opening brace in the draft text. */
  readonly line: number;
  readonly json: string;
}

/** Drops the page footer/header blocks (footer line, form feed, header line) and the blank lines around them. */
function withoutPageBreaks(lines: readonly string[]): { text: string; line: number }[] {
  const kept: { text: string; line: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^Lehmann\s+Expires /.test(line)) {
      // Remove the blank lines before the footer, then skip the form feed, header and blanks after.
      while (kept.length > 0 && kept[kept.length - 1]!.text.trim() === "") kept.pop();
      i++;
      while (i < lines.length && (lines[i]!.startsWith("\f") || /^Internet-Draft\s/.test(lines[i]!) || lines[i]!.trim() === "")) i++;
      i--;
      continue;
    }
    kept.push({ text: line, line: i + 1 });
  }
  return kept;
}

export function extractExamples(draftText: string, appendix: string): DraftExample[] {
  const lines = draftText.split("\n");
  const start = lines.findIndex((l) => l.startsWith(`Appendix ${appendix}.  Examples`));
  const end = lines.findIndex((l, i) => i > start && /^Appendix [A-Z]\. /.test(l));
  const body = withoutPageBreaks(lines.slice(start, end === -1 ? undefined : end)).map((l) => ({ ...l, line: l.line + start }));
  const examples: DraftExample[] = [];
  let section = "";
  let title = "";
  for (let i = 0; i < body.length; i++) {
    const heading = /^([A-Z]\.\d+)\.\s+(.+)$/.exec(body[i]!.text);
    if (heading !== null) {
      section = heading[1]!;
      title = heading[2]!.trim();
      continue;
    }
    if (body[i]!.text !== "   {") continue;
    const from = i;
    while (i < body.length && body[i]!.text !== "   }") i++;
    const json = body
      .slice(from, i + 1)
      .map((l) => l.text.slice(3))
      .join("\n");
    examples.push({ section, title, line: body[from]!.line, json: `${json}\n` });
  }
  return examples;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

function main(): void {
  mkdirSync(OUT, { recursive: true });
  for (const { draft, appendix, short } of DRAFTS) {
    const text = readFileSync(`${REFERENCE}/${draft}.txt`, "utf8");
    for (const example of extractExamples(text, appendix)) {
      const name = `${short}-${example.section}-${slug(example.title)}.json`;
      writeFileSync(new URL(name, OUT), example.json);
      console.log(`${name}: ${draft}.txt line ${example.line}, section ${example.section} "${example.title}"`);
    }
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main();
