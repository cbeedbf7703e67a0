// `idmefv2 formats`: every format in force, with aliases, input kind, origin and description.
import type { Command } from "commander";
import { builtinConverters } from "../../converters/index.js";
import { loadRegistry } from "../../framework/config.js";
import { describeOrigin } from "../../framework/registry.js";

export function registerFormatsCommand(program: Command): void {
  program
    .command("formats")
    .description("list the input formats in force (built-in, plugins and mappings from the config)")
    .option("-c, --config <file>", "config file (default: search from the current folder up)")
    .option("--json", "print JSON instead of a table")
    .action(async (options: { config?: string; json?: boolean }) => {
      const { registry } = await loadRegistry(options.config !== undefined ? { configFile: options.config } : {}, builtinConverters);
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
