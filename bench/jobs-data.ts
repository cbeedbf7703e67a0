// The big inputs of bench/jobs.bench.ts, made once under bench/data/ (gitignored) from the
// repository's corpus lines: each pass over the corpus shifts addresses, ports, pids and times
// consistently (so multi-line sessions stay whole) and differently from the other passes, so the
// file is not one block repeated.
import { createWriteStream, existsSync, readdirSync, readFileSync, renameSync, statSync } from "node:fs";
import { once } from "node:events";
import { join } from "node:path";

const IPV4 = /\b(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\b/g;
const PID = /\[(\d{1,7})\]:/g;
const CLOCK = /\b(\d\d):(\d\d):(\d\d)\b/;

/** Address `a.b.c.d` moved by `pass` (first octet kept: private ranges stay private). */
function shiftIpv4(text: string, pass: number): string {
  return text.replace(IPV4, (all, a: string, b: string, c: string, d: string) => {
    if (Number(a) > 255 || Number(b) > 255 || Number(c) > 255 || Number(d) > 255) return all;
    return `${a}.${(Number(b) + pass) % 256}.${(Number(c) + (pass >> 8)) % 256}.${((Number(d) + pass * 7) % 254) + 1}`;
  });
}

function syslogPass(lines: readonly string[], pass: number): string[] {
  return lines.map((line) => {
    let out = shiftIpv4(line, pass).replace(PID, (_all, pid: string) => `[${(Number(pid) + pass * 13) % 9_999_999}]:`);
    // The hour moves with the pass: every line of one pass moves alike, so sessions keep their gaps.
    out = out.replace(CLOCK, (_all, h: string, m: string, s: string) => `${String((Number(h) + pass) % 24).padStart(2, "0")}:${m}:${s}`);
    return out;
  });
}

function evePass(lines: readonly string[], pass: number): string[] {
  return lines.map((line) => {
    const out = shiftIpv4(line, pass);
    // flow_id ties an alert to its flow: shifted alike in one pass.
    return out.replace(/"flow_id":(\d{1,20})/, (_all, id: string) => `"flow_id":${(BigInt(id) + BigInt(pass) * 1000003n).toString()}`);
  });
}

function corpusLines(dir: string, ext: string): string[] {
  const lines: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) lines.push(...corpusLines(path, ext));
    else if (name.endsWith(ext))
      lines.push(
        ...readFileSync(path, "utf8")
          .split("\n")
          .filter((l) => l.trim() !== ""),
      );
  }
  return lines;
}

async function writeUntil(path: string, bytes: number, lines: readonly string[], pass: (lines: readonly string[], n: number) => string[]) {
  if (existsSync(path) && statSync(path).size >= bytes) return;
  const partial = `${path}.partial`;
  const out = createWriteStream(partial);
  let written = 0;
  for (let n = 0; written < bytes; n++) {
    const text = pass(lines, n).join("\n") + "\n";
    written += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  renameSync(partial, path);
}

/** bench/data/auth-<MB>.log: syslog lines of the repository's auth-log fixtures and corpus. */
export async function authLog(dataDir: string, megabytes: number): Promise<string> {
  const lines = [
    ...readdirSync("fixtures/syslog")
      .filter((n) => n.startsWith("auth-") && n.endsWith(".log"))
      .flatMap((n) => readFileSync(join("fixtures/syslog", n), "utf8").split("\n"))
      .filter((l) => l.trim() !== ""),
    ...corpusLines("fixtures/syslog/corpus/crowdsec", ".log"),
    ...corpusLines("fixtures/syslog/corpus/ossec", ".log"),
  ];
  const path = join(dataDir, `auth-${megabytes}.log`);
  await writeUntil(path, megabytes * 1e6, lines, syslogPass);
  return path;
}

/** bench/data/eve-<MB>.ndjson: every EVE line of the Suricata corpus. */
export async function eveFile(dataDir: string, megabytes: number): Promise<string> {
  const lines = corpusLines("fixtures/suricata/corpus", ".ndjson");
  const path = join(dataDir, `eve-${megabytes}.ndjson`);
  await writeUntil(path, megabytes * 1e6, lines, evePass);
  return path;
}
