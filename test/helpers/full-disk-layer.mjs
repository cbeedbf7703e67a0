// A file system that fills up, for tests run without the rights to mount a small tmpfs: writes to
// files under IDMEFV2_TEST_FULL_DISK ("<dir>:<bytes>") succeed until the files there hold <bytes>,
// then are cut short and fail with ENOSPC, as the kernel does. Loaded with `node --import`, or
// installed in-process by test/helpers/full-disk.ts.
import fs from "node:fs";
import path from "node:path";

export function installFullDiskLayer(dir, capacity) {
  const root = path.resolve(dir) + path.sep;
  const tracked = new Set();
  const real = { openSync: fs.openSync, writeSync: fs.writeSync, closeSync: fs.closeSync };
  const used = () =>
    fs.readdirSync(root).reduce((sum, name) => {
      try {
        return sum + fs.statSync(path.join(root, name)).size;
      } catch {
        return sum;
      }
    }, 0);
  fs.openSync = function (file, ...rest) {
    const fd = real.openSync.call(fs, file, ...rest);
    if (typeof file === "string" && path.resolve(file).startsWith(root)) tracked.add(fd);
    return fd;
  };
  fs.closeSync = function (fd) {
    tracked.delete(fd);
    return real.closeSync.call(fs, fd);
  };
  fs.writeSync = function (fd, data, ...rest) {
    if (!tracked.has(fd)) return real.writeSync.call(fs, fd, data, ...rest);
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const offset = typeof data === "string" ? 0 : (rest[0] ?? 0);
    const length = typeof data === "string" ? bytes.length : (rest[1] ?? bytes.length - offset);
    const room = capacity - used();
    if (room <= 0)
      throw Object.assign(new Error(`ENOSPC: no space left on device, write`), { code: "ENOSPC", errno: -28, syscall: "write" });
    return real.writeSync.call(fs, fd, bytes, offset, Math.min(length, room));
  };
  return () => Object.assign(fs, real);
}

const spec = process.env.IDMEFV2_TEST_FULL_DISK;
if (spec) {
  const colon = spec.lastIndexOf(":");
  installFullDiskLayer(spec.slice(0, colon), Number(spec.slice(colon + 1)));
}
