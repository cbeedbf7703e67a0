// Reads this package's own version from package.json (two levels above src/cli and dist/cli).
import { readFileSync } from "node:fs";

export function readPackageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: string };
  return pkg.version ?? "unknown";
}
