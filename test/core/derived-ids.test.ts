// Derived IDs against the formula they have always had, computed here with node:crypto's hash
// object (so no message ID changes with the faster path of uuidV5): random names of every length,
// ASCII and not, multi-byte and lone-surrogate text, namespaces alternating.
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

test("recordIds gives the IDs of its documented name, whatever the lengths of format, input and record", () => {
  const random = seededRandom(9);
  for (let i = 0; i < 1500; i++) {
    const format = randomText(random, 1 + Math.floor(random() * 12));
    const input = randomText(random, Math.floor(random() * (i % 10 === 0 ? 300 : 80)));
    const offset = Math.floor(random() * 2 ** (i % 53));
    const record = randomText(random, Math.floor(random() * (i % 50 === 0 ? 5000 : 400)));
    const next = recordIds(format, input, offset, record);
    const digest = createHash("sha1").update(record, "utf8").digest("hex");
    for (let counter = 0; counter < 12; counter++) {
      const name = `idmefv2-record\0${format}\0${input}\0${offset}\0${digest}\0${counter}`;
      assert.equal(next(), referenceUuidV5(name), `record ${i}, ID ${counter}`);
    }
  }
});

test("recordIds keeps IDs known from earlier releases", () => {
  // Computed with the node:crypto implementation this one replaced: derived IDs never change.
  const next = recordIds("suricata", "/var/log/suricata/eve.json", 1234, '{"event_type":"alert"}');
  assert.deepEqual([next(), next(), next()], KNOWN);
});
const KNOWN = ["8abf40c8-472d-5b0f-b0ea-bcb2b197150c", "c44538e5-bfa5-5b2d-9bff-3d7ef5a17b9d", "5c8356ae-a7bd-5c3e-8277-0fb44e3d46ac"];

test("a record's IDs do not change when other IDs are derived between them, or for a very long input name", () => {
  const alone = recordIds("f", "/in", 7, "record");
  const expected = [alone(), alone(), alone()];
  const interleaved = recordIds("f", "/in", 7, "record");
  const got: string[] = [];
  for (let i = 0; i < 3; i++) {
    got.push(interleaved());
    uuidV5(`something else ${"x".repeat(i * 90)}`);
    uuidV5("é", "6ba7b810-9dad-11d1-80b4-00c04fd430c8");
  }
  assert.deepEqual(got, expected);
  const longInput = "/" + "d".repeat(5000);
  const next = recordIds("f", longInput, 1, "r");
  const digest = createHash("sha1").update("r").digest("hex");
  for (let counter = 0; counter < 3; counter++) {
    assert.equal(next(), referenceUuidV5(`idmefv2-record\0f\0${longInput}\0${1}\0${digest}\0${counter}`));
  }
});
