// What mapping one Alert or Heartbeat accumulates besides fields: Note lines, attachments, warnings.
import { ATTRIBUTES_KEY, attr, children, describe, TEXT_KEY, type XmlElement } from "./xml-tree.js";

/** Attributes every IDMEF v1 element may carry (xml:space, xml:lang, xsi:schemaLocation), ignored. */
const GLOBAL_ATTRIBUTES = new Set(["space", "lang", "schemaLocation", "noNamespaceSchemaLocation"]);

export class Collector {
  readonly notes: string[] = [];
  readonly attachments: Record<string, unknown>[] = [];
  private readonly names = new Map<string, number>();

  constructor(private readonly report: (message: string) => void) {}

  note(line: string): void {
    this.notes.push(line);
  }

  warn(message: string): void {
    this.report(message);
  }

  /** A unique attachment name (schema: letters and digits only): file1, file2, data1, ... */
  attachmentName(prefix: string): string {
    const n = (this.names.get(prefix) ?? 0) + 1;
    this.names.set(prefix, n);
    return `${prefix}${n}`;
  }

  /**
   * Reports children and attributes RFC 4765 does not define for this class. Nothing is lost: each
   * goes to `notes` (the message's or a Source/Target's) in a compact form, and a warning says so.
   */
  checkShape(
    el: XmlElement,
    where: string,
    knownChildren: ReadonlySet<string>,
    knownAttributes: ReadonlySet<string>,
    notes: string[] = this.notes,
  ): void {
    if (typeof el === "string") return;
    for (const name in el) {
      if (name === ATTRIBUTES_KEY || name === TEXT_KEY || knownChildren.has(name) || !Object.hasOwn(el, name)) continue;
      for (const c of children(el, name)) notes.push(`${where}: ${describe(c, name)}`);
      this.warn(`${where} holds <${name}>, which RFC 4765 does not define there: kept in a Note`);
    }
    const attributes = el[ATTRIBUTES_KEY];
    if (typeof attributes !== "object" || attributes === null) return;
    for (const name in attributes) {
      if (knownAttributes.has(name) || GLOBAL_ATTRIBUTES.has(name) || !Object.hasOwn(attributes, name)) continue;
      notes.push(`${where} ${name}: ${attr(el, name) ?? ""}`);
      this.warn(`${where} has attribute ${name}, which RFC 4765 does not define there: kept in a Note`);
    }
  }
}

/** A Set from names, for checkShape. */
export function names(...list: string[]): ReadonlySet<string> {
  return new Set(list);
}
