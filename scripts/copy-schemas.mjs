// Build step: each draft's schema as dist/schema/<version>.json, so the package can export it as
// "idmefv2/schema/<version>" (import ... with { type: "json" }, or require) under a .json name.
import { copyFileSync, mkdirSync, readdirSync } from "node:fs";

mkdirSync("dist/schema", { recursive: true });
for (const version of readdirSync("schema")) copyFileSync(`schema/${version}/IDMEFv2.schema`, `dist/schema/${version}.json`);
