// A small disk that fills up: a real tmpfs when the tests run as root (the acceptance check's
// setup), else the injected layer of full-disk-layer.mjs, which fails writes the same way.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
// @ts-expect-error -- a plain .mjs helper without types, also loaded by child processes.
import { installFullDiskLayer } from "./full-disk-layer.mjs";

const LAYER = pathToFileURL(fileURLToPath(new URL("./full-disk-layer.mjs", import.meta.url))).href;

export interface FullDisk {
  readonly dir: string;
  /** "tmpfs" when a real file system was mounted, "injected" otherwise. */
  readonly kind: "tmpfs" | "injected";
  /** Environment for a child process that must see the same full disk. */
  readonly env: NodeJS.ProcessEnv;
  release(): void;
}

function tryMount(dir: string, bytes: number): boolean {
  // IDMEFV2_TEST_NO_MOUNT=1 exercises the injected layer even as root.
  if (process.getuid?.() !== 0 || process.platform !== "linux" || process.env["IDMEFV2_TEST_NO_MOUNT"] === "1") return false;
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${bytes}`, "tmpfs", dir], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** A folder on a file system of `bytes` bytes (rounded up to whole pages by tmpfs). */
export function fullDisk(bytes: number): FullDisk {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "idmefv2-fulldisk-"));
  if (tryMount(dir, bytes)) {
    return {
      dir,
      kind: "tmpfs",
      env: {},
      release() {
        execFileSync("umount", [dir], { stdio: "ignore" });
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const uninstall = (installFullDiskLayer as (dir: string, bytes: number) => () => void)(dir, bytes);
  return {
    dir,
    kind: "injected",
    env: {
      IDMEFV2_TEST_FULL_DISK: `${dir}:${bytes}`,
      NODE_OPTIONS: `${process.env["NODE_OPTIONS"] ?? ""} --import ${LAYER}`.trim(),
    },
    release() {
      uninstall();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs `body` with a full-disk folder, released afterwards. */
export async function withFullDisk(bytes: number, body: (dir: string) => void | Promise<void>): Promise<void> {
  const disk = fullDisk(bytes);
  try {
    await body(disk.dir);
  } finally {
    disk.release();
  }
}
