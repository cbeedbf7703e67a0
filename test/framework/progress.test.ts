import { test } from "node:test";
import assert from "node:assert/strict";
import { formatDuration, formatSize, ProgressBar } from "../../src/framework/progress.js";

test("the progress bar shows bytes done of total, records per second and ETA", () => {
  let now = 0;
  const writes: string[] = [];
  const bar = new ProgressBar({ totalBytes: 100 * 1024 * 1024, write: (t) => writes.push(t), clock: () => now, width: 10 });
  now = 10_000;
  assert.equal(bar.render(25 * 1024 * 1024, 50_000), "[###.......] 25% 25.0 MiB/100.0 MiB  5,000 rec/s  ETA 0:30");
  bar.update(25 * 1024 * 1024, 50_000);
  now = 10_050;
  bar.update(26 * 1024 * 1024, 51_000);
  assert.equal(writes.length, 1, "redraws are throttled");
  assert.match(writes[0] ?? "", /^\r\[###/);
  bar.finish();
  assert.equal(writes.at(-1), "\r\x1b[K");
});

test("without a known total (stdin) it shows bytes and rate only", () => {
  const bar = new ProgressBar({ write: () => undefined, clock: () => 2000 });
  assert.equal(bar.render(2048, 10, 4000), "2.0 KiB  5 rec/s");
  assert.equal(formatSize(3 * 1024 * 1024 * 1024), "3.00 GiB");
  assert.equal(formatDuration(3725), "1:02:05");
  assert.equal(formatDuration(Number.NaN), "--:--");
});
