// Generates TypeScript types for every class and enum of every shipped schema into
// src/core/generated/types/<version>.ts (plus index.ts). Run by `npm run generate`;
// test/core/generated.test.ts fails when the checked-in files drift from the schemas.
// Phases, as in json-schema-to-typescript: read the schema, name its parts, print declarations.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { KNOWN_VERSIONS, type IdmefVersion } from "../src/core/versions.js";
import type { SchemaNode } from "../src/core/schemas.js";

const ROOT = new URL("../", import.meta.url);
export const TYPES_DIR = new URL("src/core/generated/types/", ROOT);

/** Names for definitions whose schema name does not read well once "Enum"/"Type" is cut off. */
const DEFINITION_NAMES: Readonly<Record<string, string>> = {
  entitysectorEnum: "EntitySector",
  typeEnum: "IncidentType",
  categoryEnum: "IncidentCategory",
  statusEnum: "IncidentStatus",
  causeEnum: "IncidentCause",
  priorityEnum: "Priority",
  geolocType: "GeoLocation",
  unlocodeType: "UnLocode",
  ipType: "IpAddress",
  uuidType: "Uuid",
  mediatypeType: "MediaType",
  portType: "PortNumber",
};

/** The root message's interface name in every version module. */
const ROOT_NAME = "IdmefMessage";

function pascal(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function definitionName(definition: string): string {
  return DEFINITION_NAMES[definition] ?? pascal(definition.replace(/(Enum|Type)$/, ""));
}

function constantName(typeName: string): string {
  return `${typeName.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase()}_VALUES`;
}

/** A JSDoc block from a description and the constraints TypeScript cannot express. */
function docComment(node: SchemaNode, indent: string): string {
  const lines: string[] = [];
  if (node.description !== undefined) lines.push(...node.description.trim().split(/\r?\n/));
  const constraints: string[] = [];
  if (node.pattern !== undefined) constraints.push(`pattern \`${node.pattern}\``);
  if (node.format !== undefined) constraints.push(`format ${node.format}`);
  if (node.minimum !== undefined) constraints.push(`minimum ${node.minimum}${node.exclusiveMinimum ? " (exclusive)" : ""}`);
  if (node.maximum !== undefined) constraints.push(`maximum ${node.maximum}`);
  if (node.type === "integer") constraints.push("integer");
  if (constraints.length > 0) lines.push(`Schema: ${constraints.join(", ")}.`);
  if (lines.length === 0) return "";
  const safe = lines.map((l) => l.replace(/\*\//g, "*\\/").trimEnd());
  if (safe.length === 1) return `${indent}/** ${safe[0]} */\n`;
  return `${indent}/**\n${safe.map((l) => (l === "" ? `${indent} *` : `${indent} * ${l}`)).join("\n")}\n${indent} */\n`;
}

function propertyKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

class TypePrinter {
  private readonly interfaces: string[] = [];
  private readonly used = new Set<string>();

  constructor(private readonly schema: SchemaNode) {}

  /** The whole module body: enums and aliases of the definitions, then the object interfaces. */
  print(): string {
    const definitions = Object.entries(this.schema.definitions ?? {});
    const parts: string[] = [];
    for (const [name, node] of definitions) parts.push(this.printDefinition(name, node));
    this.printInterface(ROOT_NAME, this.schema);
    return [...parts, ...this.interfaces].join("\n");
  }

  private printDefinition(name: string, node: SchemaNode): string {
    const typeName = definitionName(name);
    this.used.add(typeName);
    if (node.enum !== undefined) {
      const constant = constantName(typeName);
      const values = node.enum.map((v) => `  ${JSON.stringify(v)},`).join("\n");
      return (
        docComment({ ...(node.description === undefined ? {} : { description: node.description }) }, "") +
        `export const ${constant} = [\n${values}\n] as const;\n` +
        `export type ${typeName} = (typeof ${constant})[number];\n`
      );
    }
    return docComment(node, "") + `export type ${typeName} = ${this.typeOf(node, typeName)};\n`;
  }

  /** The TypeScript type of a schema node; object nodes become named interfaces. */
  private typeOf(node: SchemaNode, nameHint: string): string {
    if (node.$ref !== undefined) {
      const m = /^#\/definitions\/(.+)$/.exec(node.$ref);
      if (m === null) throw new Error(`unsupported $ref ${node.$ref}`);
      return definitionName(m[1]!);
    }
    if (node.enum !== undefined) return node.enum.map((v) => JSON.stringify(v)).join(" | ");
    if (node.properties !== undefined) return this.printInterface(nameHint, node);
    const types = node.type === undefined ? [] : typeof node.type === "string" ? [node.type] : node.type;
    if (types.length === 0) return "unknown";
    return types
      .map((t) => {
        switch (t) {
          case "string":
            return "string";
          case "number":
          case "integer":
            return "number";
          case "boolean":
            return "boolean";
          case "null":
            return "null";
          case "object":
            return "Record<string, unknown>";
          case "array": {
            const item = node.items === undefined ? "unknown" : this.typeOf(node.items, nameHint);
            return /^[A-Za-z0-9_]+$/.test(item) ? `${item}[]` : `(${item})[]`;
          }
          default:
            throw new Error(`unsupported type ${t}`);
        }
      })
      .join(" | ");
  }

  private printInterface(wanted: string, node: SchemaNode): string {
    let name = wanted;
    for (let n = 2; this.used.has(name); n++) name = `${wanted}${n}`;
    this.used.add(name);
    const required = new Set(node.required ?? []);
    const members = Object.entries(node.properties ?? {}).map(([prop, child]) => {
      const type = this.typeOf(child, pascal(prop.replace(/[^A-Za-z0-9]/g, "")));
      const optional = required.has(prop) ? "" : "?";
      return `${docComment(child, "  ")}  ${propertyKey(prop)}${optional}: ${type};`;
    });
    this.interfaces.push(`${docComment(node, "")}export interface ${name} {\n${members.join("\n")}\n}\n`);
    return name;
  }
}

export function readSchema(version: IdmefVersion): SchemaNode {
  return JSON.parse(readFileSync(new URL(`schema/${version}/IDMEFv2.schema`, ROOT), "utf8")) as SchemaNode;
}

function banner(source: string): string {
  return `// generated by scripts/generate-types.ts from ${source} — do not edit.\n// Regenerate with \`npm run generate\`.\n`;
}

/** The source of one version's types module. */
export function renderTypesModule(version: IdmefVersion): string {
  return `${banner(`schema/${version}/IDMEFv2.schema`)}\n${new TypePrinter(readSchema(version)).print()}`;
}

/** A module name for a version usable as a namespace: "2.D.V09-Dev" -> "V09Dev". */
export function namespaceName(version: IdmefVersion): string {
  return version.replace(/^2\.D\./, "").replace(/[^A-Za-z0-9]/g, "");
}

/** The index: the latest stable version's names unprefixed, and every version as a namespace. */
export function renderTypesIndex(latest: IdmefVersion): string {
  const lines = [
    banner("the schema list in src/core/versions.ts"),
    `// The latest stable version (${latest}) under plain names; every version as a namespace.`,
    `export * from "./${latest}.js";`,
    ...KNOWN_VERSIONS.map((v) => `export * as ${namespaceName(v)} from "./${v}.js";`),
  ];
  const union = KNOWN_VERSIONS.map((v) => `${namespaceName(v)}.${ROOT_NAME}`);
  lines.push(
    ...KNOWN_VERSIONS.map((v) => `import type * as ${namespaceName(v)} from "./${v}.js";`),
    "",
    "/** A message of any shipped version. */",
    `export type AnyIdmefMessage =\n  | ${union.join("\n  | ")};`,
  );
  return lines.join("\n") + "\n";
}

export function typesFile(name: string): URL {
  return new URL(`${name}.ts`, TYPES_DIR);
}

function main(): void {
  mkdirSync(TYPES_DIR, { recursive: true });
  for (const version of KNOWN_VERSIONS) {
    writeFileSync(typesFile(version), renderTypesModule(version));
    console.log(`wrote ${fileURLToPath(typesFile(version))}`);
  }
  writeFileSync(typesFile("index"), renderTypesIndex("2.D.V08"));
  console.log(`wrote ${fileURLToPath(typesFile("index"))}`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main();
