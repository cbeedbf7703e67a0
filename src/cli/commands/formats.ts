// `idmefv2 formats`: every format in force, with aliases, input kind, origin and description.
import type { Command } from "commander";
import type { Converter } from "../../core/converter.js";
import { describeOptions } from "../../core/option-schema.js";
import { builtinConverters } from "../../converters/index.js";
import { loadRegistry } from "../../framework/config.js";
import { configSource } from "../config-flag.js";
import { describeOrigin } from "../../framework/registry.js";

/** A format's declared options (contract 2); a contract-1 converter declares none. */
function printOptions(converter: Converter, json: boolean): void {
  const schema = converter.setup !== undefined ? (converter.options ?? {}) : undefined;
  if (json) {
    const rows = Object.entries(schema ?? {}).map(([name, spec]) => ({ name, ...spec, check: undefined }));
    process.stdout.write(JSON.stringify({ format: converter.format, declared: schema !== undefined, options: rows }, null, 2) + "\n");
    return;
  }
  const lines =
    schema === undefined
      ? ["(this converter checks its options itself and declares none; see its documentation)"]
      : describeOptions(schema);
  process.stdout.write(
    `options of ${converter.format} (config options.${converter.format}, or -O name=value):\n${lines.map((l) => `  ${l}`).join("\n")}\n`,
  );
}

export function registerFormatsCommand(program: Command): void {
  program
    .command("formats")
    .description("list the input formats in force (built-in, plugins and mappings from the config)")
    .option("-c, --config <file>", "config file (default: search from the current folder up)")
    .option("--no-config", "use no config file: built-in formats and default options only")
    .option("--json", "print JSON instead of a table")
    .option("--options <format>", "print the options of one format: name, type, default and description")
    .action(async (options: { config?: string | false; json?: boolean; options?: string }) => {
      const { registry } = await loadRegistry(configSource(options), builtinConverters);
      if (options.options !== undefined) {
        printOptions(registry.get(options.options), options.json === true);
        return;
      }
      const rows = registry.entries().map((entry) => ({
        format: entry.converter.format,
        aliases: [...(entry.converter.aliases ?? [])],
        input: entry.converter.input + (entry.converter.recordElements ? ` (${entry.converter.recordElements.join(", ")})` : ""),
        detects: entry.converter.detect !== undefined,
        origin: describeOrigin(entry.origin),
        replaces: entry.replaces.map(describeOrigin),
        description: entry.converter.description,
      }));
      if (options.json === true) {
        process.stdout.write(JSON.stringify(rows, null, 2) + "\n");
        return;
      }
      if (rows.length === 0) {
        process.stdout.write("no formats registered\n");
        return;
      }
      const lines = rows.map((row) => {
        const aliases = row.aliases.length > 0 ? ` (aliases: ${row.aliases.join(", ")})` : "";
        const replaces = row.replaces.length > 0 ? `; replaces ${row.replaces.join(", ")}` : "";
        return `${row.format}${aliases}\n    ${row.description}\n    input: ${row.input}; from: ${row.origin}${replaces}`;
      });
      process.stdout.write(lines.join("\n") + "\n");
    });
}
