import { test } from "node:test";
import assert from "node:assert/strict";
import { availableParallelism } from "node:os";
import { AUTO_JOBS_MIN_BYTES, independentInputBytes, jobsFor } from "../../src/cli/jobs-flag.js";
import { builtinConverters } from "../../src/converters/index.js";

const byFormat = (format: string) => {
  const converter = builtinConverters.find((c) => c.format === format);
  assert.ok(converter !== undefined, `no built-in ${format}`);
  return converter;
};
const big = AUTO_JOBS_MIN_BYTES * 4;
const cores = Math.min(availableParallelism(), 8);

test("without --jobs, a big EVE file uses the cores; a big syslog file stays on one thread", () => {
  const eve = [{ size: big, converter: byFormat("suricata") }];
  const auth = [{ size: big, converter: byFormat("syslog") }];
  assert.equal(jobsFor(undefined, independentInputBytes(eve, undefined), false), cores);
  assert.equal(jobsFor(undefined, independentInputBytes(auth, undefined), false), 1);
  // A format given with --from counts for inputs that name none.
  assert.equal(independentInputBytes([{ size: big }], byFormat("syslog")), 0);
  assert.equal(independentInputBytes([{ size: big }], byFormat("suricata")), big);
  // Mixed: only the independent bytes count.
  assert.equal(independentInputBytes([...auth, { size: 10, converter: byFormat("suricata") }], undefined), 10);
});

test("--jobs given is taken as is, syslog included; an unknown size, small input or follow mode defaults to 1", () => {
  assert.equal(jobsFor("2", 0, false), 2);
  assert.equal(independentInputBytes([{ size: undefined, converter: byFormat("suricata") }], undefined), undefined);
  assert.equal(jobsFor(undefined, undefined, false), 1);
  assert.equal(jobsFor(undefined, AUTO_JOBS_MIN_BYTES - 1, false), 1);
  assert.equal(jobsFor(undefined, big, true), 1);
  assert.throws(() => jobsFor("0", big, false), /--jobs/);
});
