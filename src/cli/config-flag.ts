// `--config FILE` / `--no-config`, as every command that loads the config reads them.
import type { LoadConfigOptions } from "../framework/config.js";

/** What loadConfig needs from the parsed `--config` / `--no-config` (commander gives false for the latter). */
export function configSource(options: { readonly config?: string | boolean }): LoadConfigOptions {
  if (options.config === false) return { noConfig: true };
  return typeof options.config === "string" ? { configFile: options.config } : {};
}
