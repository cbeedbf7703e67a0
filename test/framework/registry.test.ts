import { test } from "node:test";
import assert from "node:assert/strict";
import type { Converter } from "../../src/core/converter.js";
import { FormatRegistry } from "../../src/framework/registry.js";

const make = (format: string, aliases: string[] = []): Converter => ({
  format,
  aliases,
  description: format,
  input: "lines",
  convert: () => null,
});

test("lookup by name or alias, case-insensitive; a later registration wins and records what it replaced", () => {
  const registry = new FormatRegistry();
  const suricata = make("suricata", ["eve"]);
  registry.register(suricata);
  registry.register(make("syslog"));
  assert.equal(registry.get("EVE"), suricata);
  const replacement = make("suricata", ["eve-json"]);
  registry.register(replacement, { kind: "plugin", plugin: "mine", path: "/p.mjs" });
  assert.equal(registry.get("suricata"), replacement);
  assert.equal(registry.get("eve-json"), replacement);
  assert.deepEqual(registry.lookup("suricata")?.replaces, [{ kind: "builtin" }]);
  assert.deepEqual(registry.names(), ["syslog", "suricata"]);
});

test("an alias never hides a format's own name", () => {
  const registry = new FormatRegistry();
  const syslog = make("syslog");
  registry.register(syslog);
  registry.register(make("other", ["syslog"]));
  assert.equal(registry.get("syslog"), syslog);
});

test("an unknown format names the known ones and the command that lists them", () => {
  const registry = new FormatRegistry();
  registry.register(make("syslog"));
  assert.throws(() => registry.get("sylog"), /unknown format "sylog": known formats are syslog; run `idmefv2 formats`/);
});
