// The playground page (dist/playground/, built from web/) driven in headless Chromium: what a user
// sees after pasting or opening an input, checked against the CLI on the same input.
// Screenshots go to test-artifacts/playground/.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { builtinConverters } from "../../src/converters/index.js";
import { messageProblems } from "../../src/core/validator.js";
import { KNOWN_VERSIONS } from "../../src/core/versions.js";
import { startPlayground } from "../helpers/playground-server.js";
import { runNode } from "../helpers/run-node.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CHROMIUM = "/usr/bin/chromium";
const PAGE_URL = pathToFileURL(join(ROOT, "dist", "playground", "index.html")).href;
const ARTIFACTS = join(ROOT, "test-artifacts", "playground");
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

let context: BrowserContext;
let profile: string;
let scratch: string;

/** Newest modification time of the files under a folder. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

before(async () => {
  // npm test builds the page first; a run of this file alone rebuilds it when web/ or src/ is newer.
  const page = join(ROOT, "dist", "playground", "page.js");
  if (!existsSync(page) || statSync(page).mtimeMs < Math.max(newest(join(ROOT, "web")), newest(join(ROOT, "src")))) {
    const built = await runNode(["scripts/build-playground.mjs"], { cwd: ROOT });
    assert.equal(built.code, 0, `npm run playground failed:\n${built.stderr}`);
  }
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium; .ci/run does)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  profile = mkdtempSync(join(tmpdir(), "idmefv2-chromium-"));
  scratch = mkdtempSync(join(tmpdir(), "idmefv2-playground-"));
  // The machine has no network: without these flags Chromium waits on its own background fetches.
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
});

after(async () => {
  await context?.close();
  // The before hook may have stopped early (no chromium): remove only what it made.
  if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
});

interface Shown {
  readonly state: string;
  readonly status: string;
  readonly messages: unknown[];
  readonly books: Record<string, number>;
  readonly problems: { readonly pointer: string | null; readonly text: string }[];
  readonly flagged: string[];
  /** Marked opening brackets: where a missing member would be. */
  readonly missing: string[];
}

/** The page, opened from disk, with every request it makes recorded (none may leave file:/blob:). */
async function openPlayground(url = PAGE_URL): Promise<{ page: Page; requests: string[]; errors: string[] }> {
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on("request", (request) => requests.push(request.url()));
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(url);
  await page.waitForSelector("[data-testid=status][data-state=ready]", { timeout: 15_000 });
  return { page, requests, errors };
}

async function runOnPage(page: Page): Promise<Shown> {
  await page.click("[data-testid=run]");
  await page.waitForSelector("[data-testid=status][data-state=done], [data-testid=status][data-state=error]", { timeout: 30_000 });
  return page.evaluate(() => {
    const status = document.querySelector<HTMLElement>("[data-testid=status]")!;
    const books: Record<string, number> = {};
    for (const row of document.querySelectorAll<HTMLTableRowElement>("[data-testid=books] tr"))
      books[row.dataset["book"]!] = Number(row.cells[1]!.textContent);
    return {
      state: status.dataset["state"]!,
      status: status.textContent ?? "",
      messages: [...document.querySelectorAll("[data-testid=output] pre")].map((pre) => JSON.parse(pre.textContent ?? "") as unknown),
      books,
      problems: [...document.querySelectorAll<HTMLLIElement>("[data-testid=problems] li")].map((li) => ({
        pointer: li.dataset["pointer"] ?? null,
        text: li.textContent ?? "",
      })),
      flagged: [...document.querySelectorAll(".flagged:not(.missing)")].map((el) => el.textContent ?? ""),
      missing: [...document.querySelectorAll(".flagged.missing")].map((el) => el.textContent ?? ""),
    };
  });
}

async function convertOnPage(page: Page, text: string, format: string, options = "", target = "2.D.V08"): Promise<Shown> {
  await page.fill("[data-testid=input]", text);
  await page.selectOption("[data-testid=format]", format);
  await page.selectOption("[data-testid=target-version]", target);
  await page.fill("[data-testid=options]", options);
  return runOnPage(page);
}

/** What `idmefv2 convert` writes for a file (NDJSON on stdout) and its books (--stats). */
async function cliConvert(
  file: string,
  format: string,
  options: Readonly<Record<string, unknown>>,
  target = "2.D.V08",
): Promise<{ messages: unknown[]; stats: Record<string, unknown> }> {
  const flags = Object.entries(options).flatMap(([key, value]) => ["-O", `${key}=${JSON.stringify(value)}`]);
  const run = await runNode(
    ["dist/cli/main.js", "convert", file, "--from", format, "--no-config", "--stats", "--target-version", target, ...flags],
    { cwd: ROOT },
  );
  assert.ok(run.code === 0 || run.code === 1, `idmefv2 convert ${file} exited ${run.code}:\n${run.stderr}`);
  const statsLine = run.stderr.split("\n").find((line) => line.startsWith("{"));
  assert.ok(statsLine !== undefined, `no --stats JSON on stderr:\n${run.stderr}`);
  return {
    messages: run.stdout
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => JSON.parse(l) as unknown),
    stats: JSON.parse(statsLine) as Record<string, unknown>,
  };
}

/** IDs aside: derived IDs cover the input's identity (a path for the CLI, a name on the page). */
function withoutIds(value: unknown): unknown {
  if (typeof value === "string") return UUID.test(value) ? "<uuid>" : value;
  if (Array.isArray(value)) return value.map(withoutIds);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutIds(v)]));
  return value;
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

function assertOffline(requests: readonly string[]): void {
  const remote = requests.filter((url) => !/^(file|blob|data):/.test(url));
  assert.deepEqual(remote, [], "the page fetched something that is not on disk");
}

test("a real Suricata EVE alert pasted with format detection becomes a valid 2.D.V08 message, the CLI's", async () => {
  const { page, requests, errors } = await openPlayground();
  const fixture = join(ROOT, "fixtures", "suricata", "direction-and-roles.ndjson");
  const alert = readFileSync(fixture, "utf8").split("\n")[0]!;
  assert.match(alert, /"event_type":"alert"/);
  const shown = await convertOnPage(page, alert, "auto");
  await screenshot(page, "eve-alert");
  assert.equal(shown.state, "done", shown.status);
  assert.equal(shown.messages.length, 1);
  const message = shown.messages[0] as Record<string, unknown>;
  assert.equal(message["Version"], "2.D.V08");
  assert.deepEqual(
    messageProblems(message).filter((p) => p.severity === "error"),
    [],
  );
  assert.equal(shown.books["read"], 1);
  assert.equal(shown.books["converted"], 1);
  const oneLine = join(scratch, "alert.ndjson");
  writeFileSync(oneLine, alert + "\n");
  const cli = await cliConvert(oneLine, "suricata", {});
  assert.deepEqual(withoutIds(shown.messages), withoutIds(cli.messages));
  assert.deepEqual(errors, []);
  assertOffline(requests);
  await page.close();
});

test("an invalid IDMEFv2 message in Validate mode: every problem listed with its pointer, and marked in the message", async () => {
  const { page, errors } = await openPlayground();
  const expected = JSON.parse(readFileSync(join(ROOT, "fixtures", "suricata", "direction-and-roles.expected.json"), "utf8")) as {
    messages: unknown[];
  };
  const broken = structuredClone(expected.messages[0]) as Record<string, unknown>;
  broken["Priority"] = "medium";
  broken["Severity"] = "High";
  (broken["Analyzer"] as Record<string, unknown>)["IP"] = "999.1.2.3";
  delete broken["CreateTime"];
  const problems = messageProblems(broken);
  assert.ok(problems.filter((p) => p.severity === "error").length >= 4, "the broken message has the problems planted in it");
  await page.selectOption("[data-testid=mode]", "validate");
  await page.fill("[data-testid=input]", JSON.stringify(broken, null, 2));
  const shown = await runOnPage(page);
  await screenshot(page, "invalid-message");
  assert.equal(shown.state, "done", shown.status);
  assert.equal(shown.books["invalid"], 1);
  // Each problem the library finds is on the page, with its pointer and message.
  assert.deepEqual(shown.problems.map((p) => p.pointer).sort(), problems.map((p) => p.pointer).sort());
  for (const problem of problems) {
    assert.ok(
      shown.problems.some((p) => p.pointer === problem.pointer && p.text.includes(problem.message)),
      `problem at ${problem.pointer}: ${problem.message}`,
    );
  }
  assert.ok(
    shown.problems.some((p) => p.pointer === "/Priority" && p.text.includes('did you mean "Medium"')),
    "the near miss is suggested",
  );
  // The offending values are marked in the message as shown.
  assert.ok(shown.flagged.includes('"medium"'), `flagged: ${JSON.stringify(shown.flagged)}`);
  assert.ok(shown.flagged.includes('"999.1.2.3"'));
  // The missing CreateTime marks the message's opening brace, not the whole message.
  assert.deepEqual(shown.missing, ["{"]);
  assert.ok(
    shown.flagged.every((text) => !text.includes('"Version"')),
    "only the offending values are marked",
  );
  assert.deepEqual(errors, []);
  await page.close();
});

test("a syslog file of 10,000 lines opened from disk: the books equal the CLI's, and the page stays responsive", async () => {
  const { page, errors } = await openPlayground();
  const source = readFileSync(join(ROOT, "fixtures", "syslog", "auth-log.log"), "utf8")
    .split("\n")
    .filter((l) => l !== "");
  const lines = Array.from({ length: 10_000 }, (_, i) => source[i % source.length]!);
  const file = join(scratch, "auth-10000.log");
  writeFileSync(file, lines.join("\n") + "\n");
  await page.setInputFiles("[data-testid=file]", file);
  await page.waitForFunction(() => (document.querySelector<HTMLTextAreaElement>("[data-testid=input]")?.value.length ?? 0) > 0);
  await page.selectOption("[data-testid=format]", "syslog");
  await page.fill("[data-testid=options]", '{"timezone": "Z"}');
  await page.click("[data-testid=run]");
  // While the worker converts, the page's own thread still answers at once.
  const before = Date.now();
  await page.evaluate(() => document.querySelector("[data-testid=status]")?.textContent);
  const answeredMs = Date.now() - before;
  const shown = await runOnPage(page);
  await screenshot(page, "syslog-10000");
  assert.equal(shown.state, "done", shown.status);
  const cli = await cliConvert(file, "syslog", { timezone: "Z" });
  const stats = cli.stats as {
    read: number;
    converted: number;
    messages: number;
    skipped: Record<string, number>;
    rejected: Record<string, number>;
  };
  assert.equal(shown.books["read"], 10_000);
  assert.equal(stats.read, 10_000);
  const expectedBooks: Record<string, number> = { read: stats.read, converted: stats.converted, messages: stats.messages };
  for (const [reason, n] of Object.entries(stats.skipped)) expectedBooks[`skipped: ${reason}`] = n;
  for (const [code, n] of Object.entries(stats.rejected)) expectedBooks[`rejected: ${code}`] = n;
  const { warnings: _warnings, ...pageBooks } = shown.books;
  assert.deepEqual(pageBooks, expectedBooks);
  assert.ok(answeredMs < 2_000, `the page took ${answeredMs} ms to answer during the conversion`);
  assert.deepEqual(errors, []);
  await page.close();
});

test("an IDMEF v1 file dropped on the input, converted to an older draft: the CLI's messages for that draft", async () => {
  const { page, errors } = await openPlayground();
  const file = join(ROOT, "fixtures", "idmefv1", "alperenp-file-inode.xml");
  const xml = readFileSync(file, "utf8");
  // A drop as the browser delivers it: a DataTransfer holding the file.
  await page.evaluate((text) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], "alert.xml", { type: "application/xml" }));
    document
      .querySelector("[data-testid=input]")!
      .dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, xml);
  await page.waitForFunction(
    (length) => document.querySelector<HTMLTextAreaElement>("[data-testid=input]")!.value.length === length,
    xml.length,
  );
  const versions = await page.$$eval("[data-testid=target-version] option", (options) =>
    options.map((o) => (o as HTMLOptionElement).value),
  );
  assert.deepEqual(versions, [...KNOWN_VERSIONS], "the target selector lists every draft");
  await page.selectOption("[data-testid=format]", "auto");
  await page.selectOption("[data-testid=target-version]", "2.D.V07");
  await page.fill("[data-testid=options]", "");
  const shown = await runOnPage(page);
  assert.equal(shown.state, "done", shown.status);
  assert.ok(shown.messages.length > 0);
  for (const message of shown.messages) assert.equal((message as { Version?: string }).Version, "2.D.V07");
  const cli = await cliConvert(file, "idmefv1", {}, "2.D.V07");
  assert.deepEqual(withoutIds(shown.messages), withoutIds(cli.messages));
  assert.deepEqual(errors, []);
  await page.close();
});

/** Whether a golden case's expected file holds at least one message (some cases only skip or reject). */
function expectsMessages(dir: string, base: string): boolean {
  const expected = join(dir, `${base}.expected.json`);
  if (!existsSync(expected)) return false;
  const { messages } = JSON.parse(readFileSync(expected, "utf8")) as { messages?: unknown[] };
  return Array.isArray(messages) && messages.length > 0;
}

/** The first golden case of a format that converts to messages: its input file and options. */
function firstFixture(format: string): { file: string; options: Record<string, unknown> } {
  const dir = join(ROOT, "fixtures", format);
  assert.ok(existsSync(dir), `fixtures/${format}/ is missing: every built-in format has golden cases`);
  const baseOf = (name: string): string => name.slice(0, name.lastIndexOf("."));
  const input = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.endsWith(".expected.json") && !e.name.endsWith(".options.json") && !e.name.endsWith(".md"))
    .map((e) => e.name)
    .sort()
    .find((name) => expectsMessages(dir, baseOf(name)));
  assert.ok(input !== undefined, `no golden case in fixtures/${format}/ converts to a message`);
  const base = baseOf(input);
  const optionsFile = join(dir, `${base}.options.json`);
  return {
    file: join(dir, input),
    options: existsSync(optionsFile) ? (JSON.parse(readFileSync(optionsFile, "utf8")) as Record<string, unknown>) : {},
  };
}

/**
 * A record without a time of its own (some CEF devices send none) gets the time it was read as its
 * CreateTime, which differs between the page and the CLI by the seconds between the two runs. Such a
 * time, one inside this test's own run, is compared as "read during the run"; a record time (years
 * before the run) still has to be equal.
 */
function withReadTimesMarked(value: unknown, runStart: number, runEnd: number): unknown {
  if (Array.isArray(value)) return value.map((v) => withReadTimesMarked(v, runStart, runEnd));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => {
        if (k === "CreateTime" && typeof v === "string") {
          const at = Date.parse(v);
          if (at >= runStart - 1000 && at <= runEnd + 1000) return [k, "<read during the run>"];
        }
        return [k, withReadTimesMarked(v, runStart, runEnd)];
      }),
    );
  }
  return value;
}

test("for a fixture of every built-in format, the page's messages are the CLI's (IDs aside)", async () => {
  const runStart = Date.now();
  const { page, errors } = await openPlayground();
  const listed = await page.$$eval("[data-testid=format] option", (options) => options.map((o) => (o as HTMLOptionElement).value));
  assert.deepEqual(listed, ["auto", ...builtinConverters.map((c) => c.format)], "the format selector lists every registered format");
  for (const converter of builtinConverters) {
    const { file, options } = firstFixture(converter.format);
    const shown = await convertOnPage(page, readFileSync(file, "utf8"), converter.format, JSON.stringify(options));
    assert.equal(shown.state, "done", `${file}: ${shown.status}`);
    const cli = await cliConvert(file, converter.format, options);
    assert.ok(cli.messages.length > 0, `${file} converts to at least one message`);
    const runEnd = Date.now();
    assert.deepEqual(
      withReadTimesMarked(withoutIds(shown.messages), runStart, runEnd),
      withReadTimesMarked(withoutIds(cli.messages), runStart, runEnd),
      file,
    );
    assert.equal(shown.books["read"], (cli.stats as { read: number }).read, file);
  }
  await screenshot(page, "every-format-last");
  assert.deepEqual(errors, []);
  await page.close();
});

test("served by `idmefv2 playground`, the page converts as it does from disk, fetching nothing but its own files", async () => {
  const { child, url } = await startPlayground();
  try {
    const { page, requests, errors } = await openPlayground(url);
    const line = readFileSync(join(ROOT, "fixtures", "syslog", "auth-log.log"), "utf8").split("\n")[0]!;
    const shown = await convertOnPage(page, line, "syslog", '{"timezone": "Z"}');
    assert.equal(shown.state, "done", shown.status);
    assert.equal(shown.books["read"], 1);
    const own = new URL(url).origin;
    assert.deepEqual(
      requests.filter((r) => !r.startsWith(own) && !r.startsWith("blob:")),
      [],
    );
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    child.kill("SIGTERM");
  }
});
