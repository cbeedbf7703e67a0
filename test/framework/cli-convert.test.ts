// The convert, formats and detect commands, run as a user runs them (the compiled CLI).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync, createWriteStream } from "node:fs";
import { once } from "node:events";
import { join, resolve } from "node:path";
import { withTempDir } from "./helpers.js";
import { runNode, type NodeRun } from "../helpers/run-node.js";

const CLI = resolve("dist/cli/main.js");

function run(args: readonly string[], options: { cwd: string; stdin?: string; nodeArgs?: readonly string[] }): Promise<NodeRun> {
  return runNode(
    [...(options.nodeArgs ?? []), CLI, ...args],
    options.stdin === undefined ? { cwd: options.cwd } : { cwd: options.cwd, stdin: options.stdin },
  );
}

/** A plugin with two formats: "kv" (key=value lines) and "jsonish" (json-lines), both detecting. */
const PLUGIN = `
const analyzer = { Name: "kv", IP: "192.0.2.1" };
export default {
  name: "test-plugin",
  converters: [
    {
      format: "kv",
      description: "key=value lines",
      input: "lines",
      detect: (sample) => (sample.startsWith("time=") ? 0.9 : 0),
      convert(line, ctx) {
        const f = Object.fromEntries(line.split(" ").map((p) => p.split("=")));
        if (f.skip) { ctx.skip("asked to skip"); return null; }
        if (f.bad) return { CreateTime: f.time, Description: f.msg, Analyzer: analyzer, Priority: "urgent" };
        if (!f.time) { throw Object.assign(new Error("no time= field"), { name: "ConversionError" }); }
        return { CreateTime: f.time, Description: f.msg, Analyzer: analyzer, Source: [{ IP: f.src }] };
      },
    },
    {
      format: "jsonish",
      description: "json lines with a msg",
      input: "json-lines",
      detect: (sample) => (sample.startsWith("{") ? 0.8 : 0),
      convert: (r) => ({ CreateTime: r.time, Description: r.msg, Analyzer: analyzer }),
    },
  ],
};
`;

const MIXED = [
  "time=2026-01-15T10:00:00Z msg=one src=192.0.2.10",
  "time=2026-01-15T10:00:01Z skip=1",
  "msg=no-time",
  "time=2026-01-15T10:00:02Z msg=bad bad=1",
  "time=2026-01-15T10:00:03Z msg=two src=192.0.2.11",
].join("\n");

async function project(dir: string): Promise<void> {
  writeFileSync(join(dir, "plugin.mjs"), PLUGIN);
  writeFileSync(join(dir, ".idmefv2rc.json"), JSON.stringify({ plugins: ["./plugin.mjs"] }));
  writeFileSync(join(dir, "mixed.log"), MIXED + "\n");
  writeFileSync(join(dir, "good.log"), "time=2026-01-15T10:00:00Z msg=ok src=192.0.2.10\n");
}

test("convert: mixed input gives exit 1, messages in --out, every reject in <out>.rejects.ndjson, books balanced", async () => {
  await withTempDir(async (dir) => {
    await project(dir);
    const result = await run(["convert", "--from", "kv", "--out", "out.ndjson", "mixed.log"], { cwd: dir });
    assert.equal(result.code, 1, result.stderr);
    const messages = readFileSync(join(dir, "out.ndjson"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      messages.map((m) => m["Description"]),
      ["one", "two"],
    );
    assert.equal(messages[0]?.["Version"], "2.D.V08");
    const rejects = readFileSync(join(dir, "out.ndjson.rejects.ndjson"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      rejects.map((r) => [r["file"], r["line"], r["code"]]),
      [
        ["mixed.log", 3, "CONVERTER_ERROR"],
        ["mixed.log", 4, "INVALID_MESSAGE"],
      ],
    );
    assert.equal(rejects[0]?.["record"], "msg=no-time");
    assert.match(String(rejects[0]?.["reason"]), /no time= field/);
    assert.ok(Array.isArray(rejects[1]?.["problems"]) && (rejects[1]?.["problems"] as unknown[]).length >= 1);
    assert.match(result.stderr, /read 5 record\(s\) from 1 input\(s\): 2 converted .* 1 skipped, 2 rejected/);
    assert.match(result.stderr, /skipped: 1 asked to skip/);
    assert.doesNotMatch(result.stderr, /\bat .*\.js:\d+/, "no stack trace");
  });
});

test("convert --stats prints the books as JSON; a clean run exits 0", async () => {
  await withTempDir(async (dir) => {
    await project(dir);
    const result = await run(["convert", "--stats", "--from", "kv", "--out", "o.ndjson", "good.log", "mixed.log"], { cwd: dir });
    assert.equal(result.code, 1);
    const stats = JSON.parse(result.stderr.trim().split("\n").at(-1)!) as Record<string, unknown>;
    assert.equal(stats["read"], 6);
    assert.equal(stats["converted"], 3);
    assert.deepEqual(stats["skipped"], { "asked to skip": 1 });
    assert.deepEqual(stats["rejected"], { CONVERTER_ERROR: 1, INVALID_MESSAGE: 1 });
    assert.equal(stats["balanced"], true);
    const clean = await run(["convert", "--from", "kv", "good.log"], { cwd: dir });
    assert.equal(clean.code, 0);
    assert.equal(JSON.parse(clean.stdout.trim())["Description"], "ok");
    assert.doesNotMatch(clean.stderr, /\r|\x1b\[/, "no progress bar when stderr is not a terminal");
  });
});

test("convert to stdout without --rejects lists each rejected record's file:line and reason on stderr", async () => {
  await withTempDir(async (dir) => {
    await project(dir);
    const result = await run(["convert", "--from", "kv", "mixed.log"], { cwd: dir });
    assert.equal(result.code, 1);
    assert.equal(result.stdout.trim().split("\n").length, 2);
    assert.match(result.stderr, /mixed\.log:3: rejected \(CONVERTER_ERROR\): converter failed: no time= field/);
    assert.match(result.stderr, /mixed\.log:4: rejected \(INVALID_MESSAGE\): invalid IDMEFv2 2\.D\.V08 message: \/Priority/);
  });
});

test("detection: per file from the sample, stdin included; ambiguous and unknown inputs exit 2 listing candidates", async () => {
  await withTempDir(async (dir) => {
    await project(dir);
    writeFileSync(join(dir, "j.ndjson"), '{"time":"2026-01-15T10:00:00Z","msg":"from json"}\n');
    const both = await run(["convert", "good.log", "j.ndjson"], { cwd: dir });
    assert.equal(both.code, 0, both.stderr);
    assert.deepEqual(
      both.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).Description),
      ["ok", "from json"],
    );
    const piped = await run(["convert", "--from", "auto"], { cwd: dir, stdin: "time=2026-01-15T10:00:00Z msg=piped\n" });
    assert.equal(piped.code, 0, piped.stderr);
    assert.equal(JSON.parse(piped.stdout)["Description"], "piped");
    writeFileSync(join(dir, "prose.txt"), "hello, nothing to see\n");
    const unknown = await run(["convert", "prose.txt"], { cwd: dir });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /cannot tell the format of prose\.txt: .*give --from with one of: .*kv/);
    const other = (score: string): string =>
      PLUGIN.replace('format: "kv"', 'format: "kv2"')
        .replace('format: "jsonish"', 'format: "jsonish2"')
        .replace('"test-plugin"', '"other"')
        .replace("? 0.9 :", `? ${score} :`);
    // Close scores (0.90, 0.85) are ambiguous; an exact tie goes to the later registration (kv2).
    writeFileSync(join(dir, "plugin2.mjs"), other("0.85"));
    writeFileSync(join(dir, ".idmefv2rc.json"), JSON.stringify({ plugins: ["./plugin.mjs", "./plugin2.mjs"] }));
    const ambiguous = await run(["convert", "good.log"], { cwd: dir });
    assert.equal(ambiguous.code, 2);
    assert.match(ambiguous.stderr, /format of good\.log is ambiguous: candidates kv 0\.90, kv2 0\.85/);
    writeFileSync(join(dir, "plugin3.mjs"), other("0.9").replace('"kv2"', '"kv3"').replace('"jsonish2"', '"jsonish3"'));
    writeFileSync(join(dir, ".idmefv2rc.json"), JSON.stringify({ plugins: ["./plugin.mjs", "./plugin3.mjs"] }));
    const tie = await run(["detect", "good.log"], { cwd: dir });
    assert.equal(tie.stdout, "good.log: kv3 (confidence 0.90; tied with kv: the later registration wins)\n", tie.stderr);
    writeFileSync(join(dir, ".idmefv2rc.json"), JSON.stringify({ plugins: ["./plugin.mjs", "./plugin2.mjs"] }));
    const detect = await run(["detect", "good.log", "--config", ".idmefv2rc.json"], { cwd: dir });
    assert.equal(detect.code, 2);
  });
});

test("usage and config errors exit 2 with a message and no stack", async () => {
  await withTempDir(async (dir) => {
    await project(dir);
    const cases: [string[], RegExp][] = [
      [["convert", "--from", "nope", "good.log"], /unknown format "nope": known formats are .*kv/],
      [["convert", "--from", "kv", "missing.log"], /cannot read missing\.log: no such file/],
      [["convert", "--from", "kv", "--target-version", "9", "good.log"], /unknown IDMEFv2 version "9"/],
      [["convert", "--config", "nowhere.json", "good.log"], /config file .*nowhere\.json does not exist/],
      [["convert", "--from", "kv", "--max-record-bytes", "-3", "good.log"], /--max-record-bytes "-3": expected a number of bytes/],
    ];
    for (const [args, pattern] of cases) {
      const result = await run(args, { cwd: dir });
      assert.equal(result.code, 2, `${args.join(" ")}: ${result.stderr}`);
      assert.match(result.stderr, pattern);
      assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");
    }
    writeFileSync(
      join(dir, "plugin.mjs"),
      'export default { name: "broken", converters: [{ format: "x", description: "d", input: "xml", convert() {} }] };',
    );
    const broken = await run(["convert", "--from", "kv", "good.log"], { cwd: dir });
    assert.equal(broken.code, 2);
    assert.match(
      broken.stderr,
      /plugin "\.\/plugin\.mjs" \(.*plugin\.mjs\): is not a valid idmefv2 plugin: converters\[0\]\.input must be/,
    );
    assert.doesNotMatch(broken.stderr, /\n\s+at /);
  });
});

test("formats lists every format in force with its origin; detect prints format and confidence", async () => {
  await withTempDir(async (dir) => {
    await project(dir);
    const formats = await run(["formats", "--json"], { cwd: dir });
    assert.equal(formats.code, 0, formats.stderr);
    const rows = JSON.parse(formats.stdout) as { format: string; origin: string }[];
    const kv = rows.find((r) => r.format === "kv");
    assert.equal(kv?.origin, `plugin test-plugin (${join(dir, "plugin.mjs")})`);
    assert.ok(
      rows.some((r) => r.origin === "built-in"),
      "built-ins are listed too",
    );
    const text = await run(["formats"], { cwd: dir });
    assert.match(text.stdout, /^kv\n {4}key=value lines\n {4}input: lines; from: plugin test-plugin/m);
    const detect = await run(["detect", "good.log"], { cwd: dir });
    assert.equal(detect.code, 0);
    assert.equal(detect.stdout, "good.log: kv (confidence 0.90)\n");
  });
});

test("memory stays flat: 40 MB of input through the CLI in well under 150 MB RSS (250 MB with --jobs 2)", async () => {
  await withTempDir(async (dir) => {
    await project(dir);
    const input = join(dir, "big.log");
    const out = createWriteStream(input);
    const line = "time=2026-01-15T10:00:00Z msg=" + "x".repeat(90) + " src=192.0.2.10\n";
    const block = line.repeat(1000);
    for (let i = 0; i < 40_000_000 / block.length; i++) {
      if (!out.write(block)) await once(out, "drain");
    }
    out.end();
    await once(out, "finish");
    mkdirSync(join(dir, "probe"));
    const probe = join(dir, "probe", "max-rss.mjs");
    writeFileSync(probe, `process.on("exit", () => process.stderr.write("maxRSS=" + process.resourceUsage().maxRSS + "\\n"));\n`);
    // Each worker thread of --jobs has its own heap (issue 17's bound for --jobs 2 is 300 MB).
    for (const [jobs, limitMb] of [
      [1, 150],
      [2, 250],
    ] as const) {
      const result = await run(["convert", "--from", "kv", "--jobs", String(jobs), "--out", "big.out.ndjson", "big.log"], {
        cwd: dir,
        nodeArgs: ["--import", probe],
      });
      assert.equal(result.code, 0, result.stderr);
      const maxRssKb = Number(/maxRSS=(\d+)/.exec(result.stderr)?.[1]);
      // Holding the output would take > 400 MB (about 350k messages); streaming keeps to the runtime's base.
      assert.ok(maxRssKb > 0 && maxRssKb < limitMb * 1024, `--jobs ${jobs}: max RSS ${maxRssKb} KiB`);
      assert.match(result.stderr, /read \d{6} record\(s\)/);
    }
  });
});

test("streamed XML through the CLI: each element converted, an unexpected root and a truncated element rejected with file:line", async () => {
  await withTempDir(async (dir) => {
    writeFileSync(
      join(dir, "xml-plugin.mjs"),
      `export default { name: "xml", converters: [{ format: "events", description: "<Event> elements", input: "document", recordElements: ["Event"],
        convert(element) {
          const time = /time="([^"]*)"/.exec(element)?.[1];
          return { CreateTime: time, Description: "event", Analyzer: { Name: "xml" } };
        } }] };`,
    );
    writeFileSync(join(dir, ".idmefv2rc.json"), JSON.stringify({ plugins: ["./xml-plugin.mjs"] }));
    writeFileSync(
      join(dir, "events.xml"),
      [
        '<?xml version="1.0"?>',
        '<!DOCTYPE x [ <!ENTITY a "<Event>"> ]>',
        '<ns:Event xmlns:ns="urn:x" time="2026-01-15T10:00:00Z"/>',
        "<Other/>",
        '<Event time="2026-01-15T10:00:01Z">',
        "  <!-- </Event> -->",
        "</Event>",
        '<Event time="2026-01-15T10:00:02Z">',
      ].join("\n"),
    );
    const result = await run(["convert", "--from", "events", "--rejects", "rejects.ndjson", "events.xml"], { cwd: dir });
    assert.equal(result.code, 1, result.stderr);
    assert.equal(result.stdout.trim().split("\n").length, 2);
    const rejects = readFileSync(join(dir, "rejects.ndjson"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      rejects.map((r) => [r["file"], r["line"], r["reason"]]),
      [
        ["events.xml", 4, "unexpected root element <Other>, expected Event"],
        ["events.xml", 8, "element <Event> starting at line 8 is truncated at end of input"],
      ],
    );
  });
});

test("-O takes one key=value per use, so an input file may follow it; values are JSON when they parse", async () => {
  await withTempDir(async (dir) => {
    const file = join(dir, "heartbeat.xml");
    writeFileSync(file, readFileSync(resolve("fixtures/idmefv1/rfc4765-7.7-heartbeat.xml")));
    const emitted = await run(["convert", "--from", "idmefv1", "-O", "heartbeats=emit", "-O", 'timezone="Z"', file], { cwd: dir });
    assert.equal(emitted.code, 0, emitted.stderr);
    const messages = emitted.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { Category?: string[] });
    assert.equal(messages.length, 1);
    assert.match(messages[0]?.Category?.[0] ?? "", /^Availability\./);
    const skipped = await run(["convert", "--from", "idmefv1", file], { cwd: dir });
    assert.equal(skipped.stdout, "");
    assert.match(skipped.stderr, /1 skipped/);
  });
});

test("a wrong converter option stops the run before any record, exit 2, naming the format and option", async () => {
  await withTempDir(async (dir) => {
    const cases: [string, string, string, RegExp][] = [
      [
        "idmefv1",
        "fixtures/idmefv1/rfc4765-7.1.1-teardrop.xml",
        "timezone=Mars/Olympus",
        /options of format "idmefv1": option "timezone": unknown time zone "Mars\/Olympus"/,
      ],
      ["suricata", "fixtures/suricata/corpus/elastic-beats-eve-6.0.ndjson", 'events=["flow"]', /options of format "suricata":/],
      [
        "syslog",
        "fixtures/syslog/corpus/wazuh/wazuh-sshd.log",
        "rules=./missing-rules.yaml",
        /options of format "syslog": .*missing-rules\.yaml/,
      ],
    ];
    for (const [format, input, option, expected] of cases) {
      const result = await run(["convert", "--from", format, "-O", option, resolve(input)], { cwd: dir });
      assert.equal(result.code, 2, `${format}: ${result.stderr}`);
      assert.equal(result.stdout, "", format);
      assert.match(result.stderr, expected);
      assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");
    }
  });
});

test("outputs are checked before anything is read: same file as an input, unwritable, or a wrong option leave files intact (exit 2)", async () => {
  await withTempDir(async (dir) => {
    const input = join(dir, "eve.json");
    writeFileSync(input, readFileSync(resolve("fixtures/suricata/corpus/elastic-beats-eve-small.ndjson")));
    const before = readFileSync(input, "utf8");
    const same = await run(["convert", input, "--out", input], { cwd: dir });
    assert.equal(same.code, 2);
    assert.match(same.stderr, /is also an input/);
    assert.equal(readFileSync(input, "utf8"), before, "the input is untouched");

    const missingFolder = await run(["convert", input, "--out", join(dir, "no", "such", "out.ndjson")], { cwd: dir });
    assert.equal(missingFolder.code, 2);
    assert.match(missingFolder.stderr, /cannot write .*out\.ndjson/);
    const folder = await run(["convert", input, "--out", dir], { cwd: dir });
    assert.equal(folder.code, 2);
    assert.match(folder.stderr, /it is a folder/);

    const kept = join(dir, "kept.ndjson");
    writeFileSync(kept, '{"kept":true}\n');
    const wrongOption = await run(["convert", "--from", "suricata", "-O", "timezone=Mars/Olympus", input, "--out", kept], { cwd: dir });
    assert.equal(wrongOption.code, 2);
    assert.equal(readFileSync(kept, "utf8"), '{"kept":true}\n', "an existing output survives a configuration error");
    for (const r of [same, missingFolder, folder, wrongOption]) assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
  });
});

test("a named pipe (or process substitution) is read once, with format detection", async () => {
  await withTempDir(async (dir) => {
    const fifo = join(dir, "eve.fifo");
    const made = spawnSync("mkfifo", [fifo]);
    assert.equal(made.status, 0, "mkfifo");
    const writer = spawn("sh", ["-c", `cat "${resolve("fixtures/suricata/corpus/elastic-beats-eve-small.ndjson")}" > "${fifo}"`]);
    const writerClosed = once(writer, "close");
    const result = await run(["convert", fifo], { cwd: dir });
    await writerClosed;
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.trim().split("\n").length, 1);
    assert.match(result.stderr, /read 8 record\(s\).*1 converted.*7 skipped/);
  });
});

test("-O: a misspelt option is an error with a suggestion; format.key=value reaches only that format", async () => {
  await withTempDir(async (dir) => {
    const eve = resolve("fixtures/suricata/corpus/elastic-beats-eve-small.ndjson");
    const auth = resolve("fixtures/syslog/corpus/wazuh/wazuh-sshd.log");
    const typo = await run(["convert", "--from", "suricata", "-O", "timzone=Z", eve], { cwd: dir });
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /unknown suricata option "timzone" \(did you mean "timezone"\?\)/);
    // Two formats in one run: "events" is a suricata option only, "timezone" is shared.
    const mixed = await run(["convert", "-O", 'suricata.events=["alert","anomaly"]', "-O", "timezone=Z", eve, auth], { cwd: dir });
    assert.notEqual(mixed.code, 2, mixed.stderr);
    assert.match(mixed.stderr, /read \d+ record\(s\) from 2 input\(s\)/);
    const wrongPlace = await run(["convert", "-O", 'events=["alert"]', eve, auth], { cwd: dir });
    assert.equal(wrongPlace.code, 2);
    assert.match(wrongPlace.stderr, /unknown syslog option "events"/);
  });
});

test("empty inputs with format detection are skipped with a notice: the run succeeds (cron over rotated logs)", async () => {
  await withTempDir(async (dir) => {
    writeFileSync(join(dir, "empty.log"), "");
    const alone = await run(["convert", "empty.log", "--out", "out.ndjson"], { cwd: dir });
    assert.equal(alone.code, 0, alone.stderr);
    assert.match(alone.stderr, /empty\.log: empty, nothing to convert/);
    assert.match(alone.stderr, /read 0 record\(s\)/);
    const stdin = await run(["convert"], { cwd: dir, stdin: "" });
    assert.equal(stdin.code, 0, stdin.stderr);
    const mixed = await run(["convert", "empty.log", resolve("fixtures/suricata/corpus/elastic-beats-eve-6.0.ndjson")], { cwd: dir });
    assert.equal(mixed.code, 0, mixed.stderr);
    assert.match(mixed.stderr, /read 1 record\(s\) from 1 input\(s\): 1 converted/);
  });
});
