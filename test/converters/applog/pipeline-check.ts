// Converting a small application-log file through the public API as a user (or an acceptance
// check) does: detectFormat with NO format given, then runPipeline with the built-in converters;
// each line's alert (rule and attacker address) or its absence is checked, in the file and alone
// (a one-line file: a file's first lines decide its format, and a short file must not lose a line).
import assert from "node:assert/strict";
import { builtinConverters, detectFormat, FormatRegistry, runPipeline, textInput, type Message } from "../../../src/index.js";
import { ruleIdOf } from "../syslog/helpers.js";

/** A line and what it must give: [rule id, attacker address] or null for no alert. */
export type Expectation = readonly [line: string, alert: readonly [rule: string, ip: string | undefined] | null];

const registry = new FormatRegistry();
registry.registerAll(builtinConverters);

const isAlert = (m: Message): boolean => m.Priority !== undefined && m.Priority !== "Info";

interface Converted {
  readonly format: string;
  readonly byLine: Map<number, Message[]>;
  readonly rejected: number;
}

async function convertDetected(name: string, lines: readonly string[]): Promise<Converted> {
  const text = lines.join("\n") + "\n";
  const converter = detectFormat(text, registry, name).entry.converter;
  const byLine = new Map<number, Message[]>();
  let rejected = 0;
  await runPipeline({
    converter,
    inputs: [textInput(name, text)],
    sinks: {
      messages: {
        write(message, origin) {
          byLine.set(origin.line, [...(byLine.get(origin.line) ?? []), message]);
        },
      },
      rejects: {
        write() {
          rejected++;
        },
      },
    },
  });
  return { format: converter.format, byLine, rejected };
}

function check(what: string, expected: Expectation["1"], messages: readonly Message[]): void {
  const alerts = messages.filter(isAlert);
  if (expected === null) {
    assert.deepEqual(
      alerts.map((m) => ruleIdOf(m as unknown as Record<string, unknown>)),
      [],
      `${what}: no alert expected`,
    );
    return;
  }
  const [rule, ip] = expected;
  assert.equal(alerts.length, 1, `${what}: one alert expected, got ${alerts.length}`);
  const alert = alerts[0]!;
  assert.equal(ruleIdOf(alert as unknown as Record<string, unknown>), rule, what);
  const ips = ((alert.Source ?? []) as { IP?: string }[]).map((s) => s.IP);
  assert.deepEqual(ips, ip === undefined ? [] : [ip], `${what}: attacker address`);
}

/** `alone: false` for files holding lines that are no log record alone (a `#` comment). */
export async function checkFile(name: string, expectations: readonly Expectation[], format = "applog", alone = true): Promise<void> {
  const lines = expectations.map(([line]) => line);
  const file = await convertDetected(name, lines);
  assert.equal(file.format, format, `${name} is detected as ${format}`);
  assert.equal(file.rejected, 0, `${name}: no line rejected`);
  for (const [i, [line, expected]] of expectations.entries()) {
    check(`${name}:${i + 1} ${line.slice(0, 100)}`, expected, file.byLine.get(i + 1) ?? []);
    if (!alone) continue;
    const one = await convertDetected(`${name} line ${i + 1}`, [line]);
    check(`${name}:${i + 1} alone (${one.format})`, expected, one.byLine.get(1) ?? []);
  }
}
