// Which folders and files idmefv2 may take code (JS configs, plugins) and configuration from: a
// config or plugin runs as whoever runs `idmefv2`, so it must come from someone they trust.
import { statSync, type Stats } from "node:fs";
import { dirname } from "node:path";

/**
 * Why `path` (a file or folder) is not trusted, or undefined when it is. Trusted: owned by the
 * user running idmefv2 or by root, and writable by no one else (not world-writable; group-writable
 * only for the user's own primary group, as a umask of 002 leaves files). Where the platform has
 * no owners (Windows), only the search bounds protect.
 */
export function untrustedReason(path: string): string | undefined {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch {
    return undefined; // What does not exist runs nothing; the caller reports it as missing.
  }
  if (typeof process.getuid !== "function") return undefined;
  const uid = process.getuid();
  const gid = typeof process.getgid === "function" ? process.getgid() : -1;
  const kind = stats.isDirectory() ? "folder" : "file";
  if (stats.uid !== uid && stats.uid !== 0) return `the ${kind} ${path} belongs to another user (uid ${stats.uid})`;
  if ((stats.mode & 0o002) !== 0) return `the ${kind} ${path} is writable by every user`;
  if ((stats.mode & 0o020) !== 0 && stats.gid !== gid) return `the ${kind} ${path} is writable by group ${stats.gid}`;
  return undefined;
}

/** Why a file to run (plugin, JS config) is not trusted: the file itself, then its folder. */
export function untrustedFileReason(file: string): string | undefined {
  return untrustedReason(file) ?? untrustedReason(dirname(file));
}
