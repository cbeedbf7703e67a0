// Derived IDs against their documented formulas, computed here with node:crypto's hash object:
// uuidV5 (RFC 4122) and a record's IDs (version 8 from one SHA-256 per pair), for random names of
// every length, ASCII and not, multi-byte and lone-surrogate text, namespaces alternating.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { IDMEFV2_NAMESPACE, recordIds, uuidV5 } from "../../src/core/ids.js";
import { randomText, seededRandom } from "../helpers/seeded-random.js";

/** RFC 4122 section 4.3 with node:crypto: the reference every derived ID must equal. */
function referenceUuidV5(name: string, namespace = IDMEFV2_NAMESPACE): string {
  const hex = createHash("sha1")
    .update(Buffer.from(namespace.replace(/-/g, ""), "hex"))
    .update(name, "utf8")
    .digest("hex");
  const variant = ((parseInt(hex[16]!, 16) & 3) | 8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

test("uuidV5 equals the RFC 4122 formula for names of any length, in any namespace", () => {
  const random = seededRandom(5);
  for (let i = 0; i < 3000; i++) {
    const name = randomText(random, Math.floor(random() * (i < 2900 ? 150 : 3000)));
    assert.equal(uuidV5(name), referenceUuidV5(name), JSON.stringify(name));
  }
  const dns = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";
  // Namespaces in turn: the reused buffer must not keep the previous one's bytes.
  for (let i = 0; i < 200; i++) {
    const name = randomText(random, Math.floor(random() * 60));
    const namespace = i % 2 === 0 ? dns : IDMEFV2_NAMESPACE;
    assert.equal(uuidV5(name, namespace), referenceUuidV5(name, namespace), JSON.stringify(name));
  }
  assert.equal(uuidV5("www.example.com", dns), "2ed6657d-e927-568b-95e1-2665a8aea6a2");
  assert.equal(uuidV5("www.example.com", dns), referenceUuidV5("www.example.com", dns));
});

/**
 * A record's IDs by their documented formula, with node:crypto's hash object: the halves of
 * SHA-256(`idmefv2-record NUL format NUL input NUL offset NUL record`), then of
 * SHA-256(`idmefv2-record-ids NUL <first digest> NUL k`) for IDs 2k and 2k+1; version 8, variant 10.
 */
function referenceRecordIds(format: string, input: string, offset: number, record: string, count: number): string[] {
  const first = createHash("sha256").update(`idmefv2-record\0${format}\0${input}\0${offset}\0${record}`, "utf8").digest("hex");
  const ids: string[] = [];
  for (let n = 0; n < count; n++) {
    const digest =
      n < 2
        ? first
        : createHash("sha256")
            .update(`idmefv2-record-ids\0${first}\0${n >> 1}`)
            .digest("hex");
    const hex = digest.slice((n & 1) * 32, (n & 1) * 32 + 32);
    const variant = ((parseInt(hex[16]!, 16) & 3) | 8).toString(16);
    ids.push(`${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`);
  }
  return ids;
}

test("recordIds gives the IDs of its documented formula, whatever the lengths of format, input and record", () => {
  const random = seededRandom(9);
  const seen = new Set<string>();
  for (let i = 0; i < 1500; i++) {
    const format = randomText(random, 1 + Math.floor(random() * 12));
    const input = randomText(random, Math.floor(random() * (i % 10 === 0 ? 300 : 80)));
    const offset = Math.floor(random() * 2 ** (i % 53));
    const record = randomText(random, Math.floor(random() * (i % 50 === 0 ? 5000 : 400)));
    const next = recordIds(format, input, offset, record);
    const expected = referenceRecordIds(format, input, offset, record, 12);
    for (let counter = 0; counter < 12; counter++) {
      const id = next();
      assert.equal(id, expected[counter], `record ${i}, ID ${counter}`);
      assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      seen.add(id);
    }
  }
  // Distinct records (the generator repeats none here) and the IDs within each: all distinct.
  assert.equal(seen.size, 1500 * 12);
});

test("recordIds keeps the IDs of this release (they changed once, from UUID v5, in 0.2)", () => {
  // Pinned: a change of formula would make every receiver see replays as new messages.
  const next = recordIds("suricata", "/var/log/suricata/eve.json", 1234, '{"event_type":"alert"}');
  assert.deepEqual([next(), next(), next()], KNOWN);
});
const KNOWN = ["3411f8e8-7cbb-84e2-9ea3-93e4fb0b938d", "dcef6f0d-bc8f-8eca-95dd-25260828cf54", "dcd919f0-bb2c-8adc-a140-1147a4760bf9"];

test("a record's IDs do not change when other IDs are derived between them, or for a very long input name", () => {
  const alone = recordIds("f", "/in", 7, "record");
  const expected = [alone(), alone(), alone(), alone(), alone()];
  const interleaved = recordIds("f", "/in", 7, "record");
  const got: string[] = [];
  for (let i = 0; i < 5; i++) {
    got.push(interleaved());
    recordIds("g", "/other", i, "another record")();
    uuidV5(`something else ${"x".repeat(i * 90)}`);
    uuidV5("é", "6ba7b810-9dad-11d1-80b4-00c04fd430c8");
  }
  assert.deepEqual(got, expected);
  const longInput = "/" + "d".repeat(5000);
  const next = recordIds("f", longInput, 1, "r");
  assert.deepEqual([next(), next(), next()], referenceRecordIds("f", longInput, 1, "r", 3));
});
