// `convert --jobs N` (issue 17): the records go through worker threads, and the output, the
// rejects (with their lines), the warnings and the books are byte for byte those of --jobs 1 —
// on syslog (per-process memory across lines), Suricata EVE (split freely across workers), IDMEF
// v1 XML, and a plugin from config; inputs big enough to make several batches.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { withTempDir } from "../framework/helpers.js";
import { runNode } from "../helpers/run-node.js";

const CLI = resolve("dist/cli/main.js");

interface Converted {
  readonly code: number | null;
  readonly out: string;
  readonly rejects: string;
  readonly stats: string;
  readonly stderr: string;
}

/** One convert --jobs N into its own files; --stats prints the books as JSON (minus the file names). */
async function convert(dir: string, jobs: number, input: string, args: readonly string[], env?: NodeJS.ProcessEnv): Promise<Converted> {
  const out = join(dir, `out-${jobs}.ndjson`);
  const run = await runNode([CLI, "convert", "--no-progress", "--stats", "--jobs", String(jobs), ...args, "--out", out, input], {
    cwd: dir,
    ...(env !== undefined ? { env } : {}),
  });
  const lines = run.stderr.trimEnd().split("\n");
  const books = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
  delete books["out"];
  delete books["rejects"];
  return {
    code: run.code,
    out: readFileSync(out, "utf8"),
    rejects: readFileSync(`${out}.rejects.ndjson`, "utf8"),
    stats: JSON.stringify(books),
    // Warnings are printed as they are met: the same lines, in the same order.
    stderr: lines.slice(0, -1).join("\n"),
  };
}

async function assertSameAsOneJob(
  dir: string,
  input: string,
  args: readonly string[],
  jobs: readonly number[] = [2, 3],
  env?: NodeJS.ProcessEnv,
) {
  const one = await convert(dir, 1, input, args);
  assert.ok(one.out.length > 0, "the input converts to messages");
  for (const n of jobs) {
    const many = await convert(dir, n, input, args, env);
    assert.equal(many.code, one.code, `exit code with --jobs ${n}`);
    assert.ok(many.out === one.out, `messages with --jobs ${n} are byte-identical to --jobs 1`);
    assert.equal(many.rejects, one.rejects, `rejects with --jobs ${n}`);
    assert.equal(many.stats, one.stats, `books with --jobs ${n}`);
    assert.equal(many.stderr, one.stderr, `warnings with --jobs ${n}`);
  }
  return one;
}

function repeat(text: string, times: number): string {
  return Array.from({ length: times }, () => text).join("");
}

test(
  "syslog: the per-process memory (slapd sessions, sshd pids) gives the same messages with --jobs 2 and 3",
  { timeout: 120_000 },
  async () => {
    await withTempDir(async (dir) => {
      const lines = ["auth-slapd-session.log", "auth-slapd.log", "auth-sshd.log", "auth-log.log"]
        .map((name) => readFileSync(join("fixtures/syslog", name), "utf8"))
        .join("\n");
      // Bad records among them: over the 2 KiB record cap, over the rules' input cap, blank, invalid UTF-8.
      const bad = ["", `Feb 12 14:10:21 host sshd[1]: ${"x".repeat(3000)}`, "Feb 12 14:10:22 host sshd[2]: bad \xff byte", "   "].join(
        "\n",
      );
      const input = join(dir, "auth.log");
      writeFileSync(input, Buffer.from(repeat(`${lines}\n${bad}\n`, 50), "latin1"));
      const one = await assertSameAsOneJob(dir, input, ["--from", "syslog", "-O", "timezone=Z", "--max-record-bytes", "2k"]);
      // The memory mattered: some messages name a client that only an earlier line of the session gave.
      assert.match(one.out, /remembered|earlier line/i);
      assert.match(one.rejects, /RECORD_TOO_LARGE/);
      const books = JSON.parse(one.stats) as { bytes: number };
      assert.ok(books.bytes > 4 * 64 * 1024, `several batches (${books.bytes} bytes)`);
    });
  },
);

/** sshd sessions whose lines lie far apart (so ranges cut through them), across a year's end. */
function sshdSessions(count: number, firstPid: number): string {
  const lines: string[] = [];
  // From Dec 31 23:50:00 on, four lines a second: the year turns after 2,400 lines.
  const stamp = (i: number): string => {
    const date = new Date(Date.UTC(2025, 11, 31, 23, 50, 0) + Math.floor(i / 4) * 1000);
    const month = date.getUTCMonth() === 11 ? "Dec" : "Jan";
    return `${month} ${String(date.getUTCDate()).padStart(2, " ")} ${date.toISOString().slice(11, 19)}`;
  };
  for (let i = 0; i < count; i++) {
    const client = `198.51.100.${(i % 200) + 1}`;
    // A session names its client once; a later line of the same pid names none (recalled from the
    // memory): 20 lines later (within a range's lead-in) or 150 lines later (beyond it).
    const gap = i % 7 === 0 ? 150 : 20;
    lines.push(`${stamp(i)} gate sshd[${firstPid + i}]: Connection from ${client} port ${40000 + (i % 20000)} on 192.0.2.1 port 22`);
    if (i >= gap) lines.push(`${stamp(i)} gate sshd[${firstPid + i - gap}]: Disconnecting: Too many authentication failures [preauth]`);
    if (i % 173 === 0) lines.push(`${stamp(i)} gate sshd[${firstPid + i}]: Failed password for root from ${client} port ${40000 + i} ssh2`);
    if (i % 173 === 1) lines.push(`${stamp(i)} gate last message repeated 3 times`);
  }
  return lines.join("\n") + "\n";
}

test(
  "syslog split across workers in small ranges: memory recalled across range edges and a year's end, same output as --jobs 1",
  { timeout: 120_000 },
  async () => {
    await withTempDir(async (dir) => {
      const fixtures = ["auth-slapd-session.log", "auth-sshd.log", "auth-log.log"].map((name) =>
        readFileSync(join("fixtures/syslog", name), "utf8"),
      );
      const input = join(dir, "auth.log");
      // A line with no end for longer than a range may hold: the rest goes to one worker, from the true state.
      const long = `Jan  1 00:20:00 gate sshd[77]: ${"x".repeat(20_000)}\n`;
      writeFileSync(input, sshdSessions(3000, 1000) + fixtures.join("\n") + "\n" + long + sshdSessions(500, 9000));
      // Ranges of 4 KiB: sessions cross range edges, some reaching back past a range's lead-in.
      const small = { IDMEFV2_JOBS_RANGE_BYTES: "4096" };
      const args = ["--from", "syslog", "-O", "timezone=Z", "-O", "referenceTime=2026-01-01T06:00:00Z", "--max-record-bytes", "4k"];
      const one = await assertSameAsOneJob(dir, input, args, [2, 3], small);
      assert.match(one.out, /"2025-12-31T23:/);
      assert.match(one.out, /"2026-01-01T00:/);
      assert.match(one.out, /earlier line/i, "some messages name a client only an earlier line gave");
      assert.match(one.rejects, /RECORD_TOO_LARGE/);
      const traced = await runNode([CLI, "convert", "--no-progress", "--jobs", "2", ...args, "--out", join(dir, "traced.ndjson"), input], {
        cwd: dir,
        env: { ...small, IDMEFV2_JOBS_TRACE: "1" },
      });
      const trace = /(\d+) range\(s\), (\d+) converted again/.exec(traced.stderr);
      assert.ok(trace !== null, traced.stderr);
      assert.ok(Number(trace[1]) > 50, `cut into many ranges (${trace[1]})`);
      assert.ok(Number(trace[2]) > 0, "some ranges read a state their lead-in did not rebuild, and were converted again");
      assert.equal(readFileSync(join(dir, "traced.ndjson"), "utf8"), one.out);
    });
  },
);

test(
  "suricata EVE: records split across workers come out in input order, bad lines rejected on their lines",
  { timeout: 120_000 },
  async () => {
    await withTempDir(async (dir) => {
      const corpus = readdirSync("fixtures/suricata/corpus")
        .filter((n) => n.endsWith(".ndjson"))
        .map((n) => readFileSync(join("fixtures/suricata/corpus", n), "utf8"))
        .join("\n");
      const bad = ['{"event_type": "alert", "timestamp": ', '{"a":1,"a":2}', '{"__proto__": {"x": 1}, "event_type": "alert"}', "[]"].join(
        "\n",
      );
      const input = join(dir, "eve.json");
      writeFileSync(input, `${corpus}\n${bad}\n${corpus}\n`);
      const one = await assertSameAsOneJob(dir, input, ["--from", "suricata"]);
      assert.match(one.rejects, /MALFORMED_RECORD/);
      const lines = one.rejects
        .trimEnd()
        .split("\n")
        .map((l) => (JSON.parse(l) as { line: number }).line);
      assert.deepEqual(
        lines,
        [...lines].sort((a, b) => a - b),
        "rejects in input order",
      );
    });
  },
);

test("IDMEF v1 XML: elements framed on the main thread, converted on a worker, same output and rejects", { timeout: 120_000 }, async () => {
  await withTempDir(async (dir) => {
    const files = ["invalid/bad-message-then-good.xml", ...readdirSync("fixtures/idmefv1").filter((n) => n.endsWith(".xml"))];
    const text = files.map((name) => readFileSync(join("fixtures/idmefv1", name), "utf8")).join("\n");
    const input = join(dir, "alerts.xml");
    writeFileSync(input, repeat(`${text}\n`, 4));
    const one = await assertSameAsOneJob(dir, input, ["--from", "idmefv1"], [2]);
    assert.match(one.rejects, /bad-1/);
  });
});

/** A plugin from config: one per-input format (it counts lines) and one that says it is independent. */
const PLUGIN = `
const analyzer = { Name: "kv", IP: "192.0.2.1" };
let seen = 0;
export default {
  name: "jobs-plugin",
  converters: [
    {
      format: "kvcount",
      description: "key=value lines, numbered by the converter",
      input: "lines",
      convert(line, ctx) {
        seen++;
        const f = Object.fromEntries(line.split(" ").map((p) => p.split("=")));
        if (f.crash && process.env.JOBS_TEST_CRASH) process.exit(7);
        if (f.hoard && process.env.JOBS_TEST_HOARD) { const kept = []; for (;;) kept.push(new Array(1 << 16).fill(seen)); }
        if (f.skip) { ctx.skip("asked to skip"); return null; }
        if (!f.time) throw new Error("no time= field");
        return { CreateTime: f.time, Description: f.msg + " #" + seen, Analyzer: analyzer, Source: [{ IP: f.src }] };
      },
    },
    {
      format: "kvfree",
      description: "key=value lines, each on its own",
      input: "lines",
      recordOrder: "independent",
      convert(line, ctx) {
        const f = Object.fromEntries(line.split(" ").map((p) => p.split("=")));
        if (f.skip) { ctx.skip("asked to skip " + f.skip); return null; }
        if (f.bad) return { CreateTime: f.time, Description: f.msg, Analyzer: analyzer, Priority: "urgent" };
        if (f.warn) ctx.warn("asked to warn");
        return { CreateTime: f.time, Description: f.msg, Analyzer: analyzer, Source: [{ IP: f.src }] };
      },
    },
  ],
};
`;

function kvLines(count: number): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const time = `2026-01-15T10:${String(Math.floor(i / 60) % 60).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}Z`;
    if (i % 97 === 5) lines.push(`time=${time} skip=${i % 3}`);
    else if (i % 101 === 7) lines.push(`msg=no-time-${i}`);
    else if (i % 103 === 9) lines.push(`time=${time} msg=bad bad=1`);
    else if (i % 211 === 11) lines.push(`time=${time} msg=w${i} warn=1 src=192.0.2.${i % 250}`);
    else lines.push(`time=${time} msg=m${i} src=192.0.2.${i % 250}`);
  }
  return lines.join("\n") + "\n";
}

test("a plugin from config runs in every worker: per-input state kept, independent records split", { timeout: 120_000 }, async () => {
  await withTempDir(async (dir) => {
    writeFileSync(join(dir, "plugin.mjs"), PLUGIN);
    writeFileSync(join(dir, ".idmefv2rc.json"), JSON.stringify({ plugins: ["./plugin.mjs"] }));
    const input = join(dir, "kv.log");
    writeFileSync(input, kvLines(12_000));
    const counted = await assertSameAsOneJob(dir, input, ["--from", "kvcount"], [2]);
    // The per-input count carried across batches: the last message is numbered by every line before it.
    assert.match(counted.out.trimEnd().split("\n").at(-1)!, /#12000"/);
    const free = await assertSameAsOneJob(dir, input, ["--from", "kvfree"], [2, 3]);
    assert.match(free.rejects, /INVALID_MESSAGE/);
    assert.equal(free.code, 1);
  });
});

test(
  "independent lines are framed on the workers: CRLF, lone CR, a BOM, NUL holes, over-long lines, a last line without newline",
  { timeout: 120_000 },
  async () => {
    await withTempDir(async (dir) => {
      writeFileSync(join(dir, "plugin.mjs"), PLUGIN);
      writeFileSync(join(dir, ".idmefv2rc.json"), JSON.stringify({ plugins: ["./plugin.mjs"] }));
      const ends = ["\n", "\r\n", "\r", "\n", "\n"];
      const lines = kvLines(20_000).trimEnd().split("\n");
      const parts: Buffer[] = [Buffer.from([0xef, 0xbb, 0xbf])];
      lines.forEach((line, i) => {
        parts.push(Buffer.from(i % 997 === 13 ? `${line} pad=${"p".repeat(5000)}` : line));
        parts.push(Buffer.from(ends[i % ends.length]!));
        if (i % 1499 === 17) parts.push(Buffer.alloc(300));
      });
      // A line with no end for longer than a range may hold: the rest of the input is framed on the main thread.
      const input = join(dir, "kv.log");
      writeFileSync(
        input,
        Buffer.concat([
          ...parts,
          Buffer.from(`time=2026-01-15T10:00:00Z msg=${"q".repeat(400_000)}\n`),
          ...parts.slice(1),
          Buffer.from("time=2026-01-15T10:00:00Z msg=last src=192.0.2.1"),
        ]),
      );
      const free = await assertSameAsOneJob(dir, input, ["--from", "kvfree", "--max-record-bytes", "4k"], [2, 3]);
      assert.match(free.rejects, /RECORD_TOO_LARGE/);
      assert.match(free.stderr, /NUL byte/);
      assert.match(free.out.trimEnd().split("\n").at(-1)!, /"last"/);
    });
  },
);

test("a worker thread that dies stops the run with a clear error and exit 70, not a silent loss", { timeout: 60_000 }, async () => {
  await withTempDir(async (dir) => {
    writeFileSync(join(dir, "plugin.mjs"), PLUGIN);
    writeFileSync(join(dir, ".idmefv2rc.json"), JSON.stringify({ plugins: ["./plugin.mjs"] }));
    const input = join(dir, "kv.log");
    writeFileSync(input, `${kvLines(100)}time=2026-01-15T11:00:00Z crash=1\n${kvLines(100)}`);
    const run = await runNode([CLI, "convert", "--jobs", "2", "--from", "kvcount", "--out", join(dir, "out.ndjson"), input], {
      cwd: dir,
      env: { JOBS_TEST_CRASH: "1" },
    });
    assert.equal(run.code, 70);
    assert.match(run.stderr, /worker thread \d of --jobs stopped \(exit code 7\) while converting .*kv\.log from line 1/);
    assert.doesNotMatch(run.stderr, /\n\s+at /, "no stack trace");
  });
});

test(
  "a worker thread out of memory stops the run with a clear error and exit 70, not a crash of the process",
  { timeout: 60_000 },
  async () => {
    await withTempDir(async (dir) => {
      writeFileSync(join(dir, "plugin.mjs"), PLUGIN);
      writeFileSync(join(dir, ".idmefv2rc.json"), JSON.stringify({ plugins: ["./plugin.mjs"] }));
      const input = join(dir, "kv.log");
      writeFileSync(input, `${kvLines(100)}time=2026-01-15T11:00:00Z hoard=1\n${kvLines(100)}`);
      const out = join(dir, "out.ndjson");
      // The plugin keeps allocating on the hoard line: the worker's heap cap (here 64 MB) stops it.
      const run = await runNode([CLI, "convert", "--jobs", "2", "--from", "kvcount", "--out", out, input], {
        cwd: dir,
        env: { JOBS_TEST_HOARD: "1", IDMEFV2_JOBS_HEAP_MB: "64" },
      });
      assert.equal(run.code, 70);
      assert.match(
        run.stderr,
        /worker thread \d of --jobs stopped \(out of memory: its heap is capped at 64 MB\) while converting .*kv\.log from line 1/,
      );
      assert.doesNotMatch(run.stderr, /\n\s+at /, "no stack trace");
      assert.doesNotMatch(run.stderr, /FATAL ERROR|heap limit/, "not V8's own out-of-memory report");
    });
  },
);

test("--jobs takes a positive whole number: anything else is a usage error before any output is opened", async () => {
  await withTempDir(async (dir) => {
    const input = join(dir, "a.log");
    writeFileSync(input, "Feb 12 14:10:21 host sshd[1]: Invalid user x from 192.0.2.1 port 1\n");
    writeFileSync(join(dir, "out.ndjson"), "kept\n");
    for (const value of ["0", "-1", "two", "1.5"]) {
      const run = await runNode([CLI, "convert", "--no-config", "--jobs", value, "--out", join(dir, "out.ndjson"), input], { cwd: dir });
      assert.equal(run.code, 2, value);
      assert.match(run.stderr, /--jobs/);
    }
    assert.equal(readFileSync(join(dir, "out.ndjson"), "utf8"), "kept\n");
  });
});
