// curl, a real HTTP client, against `idmefv2 serve`: every answer a sender can get.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { idsInNdjson, sampleMessage, startServe, tempDir, waitFor, type ServeProcess } from "./helpers.js";

const CURL = "/usr/bin/curl";

interface CurlResult {
  readonly status: number;
  readonly headers: string;
  readonly body: string;
}

/** Runs curl and returns the final status, headers and body (curl's own failures throw). */
function curl(args: readonly string[]): Promise<CurlResult> {
  return new Promise((resolve, reject) => {
    execFile(CURL, ["-sS", "-i", "--max-time", "30", ...args], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error !== null) {
        reject(new Error(`curl failed: ${stderr || error.message}`));
        return;
      }
      // The last header block is the final answer (skip any "100 Continue").
      const blocks = stdout.split("\r\n\r\n");
      let index = 0;
      while (/^HTTP\/\S+ 100/.test(blocks[index] ?? "") && index < blocks.length - 1) index++;
      const headers = blocks[index] ?? "";
      const status = Number(/^HTTP\/\S+ (\d{3})/.exec(headers)?.[1] ?? "0");
      resolve({ status, headers: headers.toLowerCase(), body: blocks.slice(index + 1).join("\r\n\r\n") });
    });
  });
}

const dir = tempDir("serve-curl");
const out = path.join(dir, "accepted.ndjson");
const USER = "siem";
const PASSWORD = "correct horse:battery";
let serve: ServeProcess;

async function receiver(): Promise<ServeProcess> {
  serve ??= await startServe(["--listen", "127.0.0.1:0", "--out", out, "--max-body", "4096"], {
    IDMEFV2_BASIC_AUTH: `${USER}:${PASSWORD}`,
  });
  return serve;
}

after(async () => {
  if (serve === undefined) return;
  serve.child.kill("SIGTERM");
  await serve.exited;
});

function post(url: string, body: string, extra: readonly string[] = []): Promise<CurlResult> {
  return curl(["-u", `${USER}:${PASSWORD}`, "-X", "POST", "-H", "Content-Type: application/json", "--data-binary", body, ...extra, url]);
}

test("a valid message is acknowledged (204) and stored as one NDJSON line", async () => {
  const { url } = await receiver();
  const id = randomUUID();
  const result = await post(url, JSON.stringify(sampleMessage(id), null, 2));
  assert.equal(result.status, 204);
  await waitFor(() => idsInNdjson(out).includes(id), "the message in --out");
  const line = fs
    .readFileSync(out, "utf8")
    .split("\n")
    .find((l) => l.includes(id))!;
  assert.deepEqual(JSON.parse(line), sampleMessage(id), "pretty-printed input stored as one line, same content");
});

test("an invalid message gets 400 with ALL its problems as JSON, and is not stored", async () => {
  const { url } = await receiver();
  const id = randomUUID();
  const bad = { ...sampleMessage(id), Priority: "urgent", CreateTime: "yesterday", Unknown: 1 };
  const result = await post(url, JSON.stringify(bad));
  assert.equal(result.status, 400);
  assert.match(result.headers, /content-type: application\/json/);
  const answer = JSON.parse(result.body) as { problems: { pointer: string }[] };
  const pointers = answer.problems.map((p) => p.pointer).sort();
  assert.deepEqual(pointers, ["/CreateTime", "/Priority", "/Unknown"]);
  assert.ok(!idsInNdjson(out).includes(id));
});

test("a message of an unknown version, or not JSON at all, gets 400 saying why", async () => {
  const { url } = await receiver();
  const unknown = await post(url, JSON.stringify({ ...sampleMessage(), Version: "9.9" }));
  assert.equal(unknown.status, 400);
  assert.match(unknown.body, /Unknown IDMEFv2 version/);
  const garbage = await post(url, "{not json");
  assert.equal(garbage.status, 400);
  assert.match(garbage.body, /malformed JSON/);
});

test("another content type gets 415", async () => {
  const { url } = await receiver();
  const result = await curl(["-u", `${USER}:${PASSWORD}`, "-H", "Content-Type: application/xml", "--data-binary", "<Alert/>", url]);
  assert.equal(result.status, 415);
  assert.match(result.body, /application\/json/);
});

test("a body over --max-body gets 413, with Content-Length and with a chunked body", async () => {
  const { url } = await receiver();
  const big = JSON.stringify({ ...sampleMessage(), Note: "x".repeat(50_000) });
  const withLength = await post(url, big);
  assert.equal(withLength.status, 413);
  const chunked = await post(url, big, ["-H", "Transfer-Encoding: chunked"]);
  assert.equal(chunked.status, 413);
  // A large upload is cut short, not read to the end: 20 MB chunked still gets its 413.
  const file = path.join(dir, "huge.json");
  fs.writeFileSync(file, Buffer.alloc(20 * 1024 * 1024, 0x20));
  const huge = await post(url, `@${file}`, ["-H", "Transfer-Encoding: chunked"]);
  assert.equal(huge.status, 413);
});

test("a chunked body under the limit is accepted", async () => {
  const { url } = await receiver();
  const id = randomUUID();
  const result = await post(url, JSON.stringify(sampleMessage(id)), ["-H", "Transfer-Encoding: chunked"]);
  assert.equal(result.status, 204);
  await waitFor(() => idsInNdjson(out).includes(id), "the chunked message in --out");
});

test("without credentials, or with wrong ones: 401 with WWW-Authenticate, nothing stored", async () => {
  const { url } = await receiver();
  const id = randomUUID();
  const none = await curl(["-H", "Content-Type: application/json", "--data-binary", JSON.stringify(sampleMessage(id)), url]);
  assert.equal(none.status, 401);
  assert.match(none.headers, /www-authenticate: basic realm="idmefv2"/);
  const wrong = await curl([
    "-u",
    `${USER}:nope`,
    "-H",
    "Content-Type: application/json",
    "--data-binary",
    JSON.stringify(sampleMessage(id)),
    url,
  ]);
  assert.equal(wrong.status, 401);
  assert.ok(!idsInNdjson(out).includes(id));
});

test("methods other than POST get 405 with Allow: POST; any path is served (reverse proxies rewrite)", async () => {
  const { url } = await receiver();
  const get = await curl(["-u", `${USER}:${PASSWORD}`, url]);
  assert.equal(get.status, 405);
  assert.match(get.headers, /allow: post/);
  const id = randomUUID();
  const other = await post(new URL("/some/prefix/idmef", url).href, JSON.stringify(sampleMessage(id)));
  assert.equal(other.status, 204);
});

test("SIGTERM stops the receiver cleanly, flushing, with its counts on stderr", async () => {
  const own = await startServe(["--listen", "127.0.0.1:0", "--out", path.join(dir, "own.ndjson")]);
  const id = randomUUID();
  const result = await curl(["-H", "Content-Type: application/json", "--data-binary", JSON.stringify(sampleMessage(id)), own.url]);
  assert.equal(result.status, 204);
  own.child.kill("SIGTERM");
  const exit = await own.exited;
  assert.equal(exit.code, 0);
  assert.match(own.stderr(), /stopped; accepted 1, invalid 0/);
  assert.deepEqual(idsInNdjson(path.join(dir, "own.ndjson")), [id]);
});
