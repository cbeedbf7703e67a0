// Pretty-prints a JSON value (2-space indent, as JSON.stringify) into DOM nodes, remembering the
// element of each value by its JSON pointer so that problems can be marked where they are.

export function pointerSegment(key: string | number): string {
  return String(key).replace(/~/g, "~0").replace(/\//g, "~1");
}

export interface RenderedJson {
  /** The element of every value, keyed by JSON pointer. */
  readonly values: Map<string, HTMLElement>;
  /** The opening "{" or "[" of every object and array: where a missing member is marked. */
  readonly opens: Map<string, HTMLElement>;
}

/** Renders `value` into `into`, pretty-printed as JSON.stringify(value, null, 2) prints it. */
export function renderJson(value: unknown, into: HTMLElement): RenderedJson {
  const elements = new Map<string, HTMLElement>();
  const opens = new Map<string, HTMLElement>();
  const doc = into.ownerDocument;
  const text = (parent: HTMLElement, content: string) => parent.appendChild(doc.createTextNode(content));
  const span = (parent: HTMLElement, cls: string, content?: string) => {
    const el = doc.createElement("span");
    el.className = cls;
    if (content !== undefined) el.textContent = content;
    parent.appendChild(el);
    return el;
  };

  const walk = (node: unknown, pointer: string, parent: HTMLElement, indent: string): void => {
    const holder = span(parent, "value");
    elements.set(pointer, holder);
    if (Array.isArray(node)) {
      if (node.length === 0) return void text(holder, "[]");
      opens.set(pointer, span(holder, "open", "["));
      text(holder, "\n");
      node.forEach((item, i) => {
        text(holder, indent + "  ");
        walk(item, `${pointer}/${i}`, holder, indent + "  ");
        text(holder, i < node.length - 1 ? ",\n" : "\n");
      });
      text(holder, indent + "]");
    } else if (node !== null && typeof node === "object") {
      const keys = Object.keys(node);
      if (keys.length === 0) return void text(holder, "{}");
      opens.set(pointer, span(holder, "open", "{"));
      text(holder, "\n");
      keys.forEach((key, i) => {
        const member = `${pointer}/${pointerSegment(key)}`;
        text(holder, indent + "  ");
        // The key is marked with its value: an unknown property is reported at the value's pointer's parent.
        span(holder, "key", JSON.stringify(key)).dataset["member"] = member;
        text(holder, ": ");
        walk((node as Record<string, unknown>)[key], member, holder, indent + "  ");
        text(holder, i < keys.length - 1 ? ",\n" : "\n");
      });
      text(holder, indent + "}");
    } else {
      holder.classList.add(typeof node === "string" ? "string" : typeof node === "number" ? "number" : "literal");
      text(holder, JSON.stringify(node));
    }
  };
  walk(value, "", into, "");
  return { values: elements, opens };
}
