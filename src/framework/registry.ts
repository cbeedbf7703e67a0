// The format registry: converters by format name and alias; a later registration of a name wins.
import type { Converter } from "../core/converter.js";
import { IdmefError } from "../core/errors.js";

/** Where a converter comes from, for `idmefv2 formats` and error messages. */
export type ConverterOrigin =
  | { readonly kind: "builtin" }
  | { readonly kind: "plugin"; readonly plugin: string; readonly path: string }
  | { readonly kind: "mapping"; readonly path: string };

export interface RegisteredFormat {
  readonly converter: Converter;
  readonly origin: ConverterOrigin;
  /** The registrations this one replaced (a plugin replacing a built-in, ...). */
  readonly replaces: readonly ConverterOrigin[];
}

export function describeOrigin(origin: ConverterOrigin): string {
  switch (origin.kind) {
    case "builtin":
      return "built-in";
    case "plugin":
      return `plugin ${origin.plugin} (${origin.path})`;
    case "mapping":
      return `mapping ${origin.path}`;
  }
}

function key(name: string): string {
  return name.toLowerCase();
}

export class FormatRegistry {
  private readonly byFormat = new Map<string, RegisteredFormat>();
  private readonly byAlias = new Map<string, string>();

  register(converter: Converter, origin: ConverterOrigin = { kind: "builtin" }): void {
    const name = key(converter.format);
    const previous = this.byFormat.get(name);
    const replaces = previous === undefined ? [] : [...previous.replaces, previous.origin];
    // Delete first so iteration order follows the latest registration.
    this.byFormat.delete(name);
    this.byFormat.set(name, { converter, origin, replaces });
    this.byAlias.delete(name);
    for (const alias of converter.aliases ?? []) {
      const aliasKey = key(alias);
      // An alias never hides a format's own name.
      if (!this.byFormat.has(aliasKey) || aliasKey === name) this.byAlias.set(aliasKey, name);
    }
  }

  registerAll(converters: readonly Converter[], origin: ConverterOrigin = { kind: "builtin" }): void {
    for (const converter of converters) this.register(converter, origin);
  }

  /** The entry for a format name or alias (case-insensitive), or undefined. */
  lookup(name: string): RegisteredFormat | undefined {
    const wanted = key(name);
    const direct = this.byFormat.get(wanted);
    if (direct !== undefined) return direct;
    const target = this.byAlias.get(wanted);
    return target === undefined ? undefined : this.byFormat.get(target);
  }

  /** The converter for a format name or alias; an error listing the known formats otherwise. */
  get(name: string): Converter {
    const entry = this.lookup(name);
    if (entry === undefined) {
      throw new IdmefError(
        "UNKNOWN_FORMAT",
        `unknown format "${name}": known formats are ${this.names().join(", ") || "(none)"}; run \`idmefv2 formats\` to list them`,
      );
    }
    return entry.converter;
  }

  /** The formats in force, in registration order. */
  entries(): RegisteredFormat[] {
    return [...this.byFormat.values()];
  }

  names(): string[] {
    return this.entries().map((entry) => entry.converter.format);
  }
}
