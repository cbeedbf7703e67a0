// Where a delivery spool lives when the caller names none: one directory per destination URL.
import { createHash } from "node:crypto";
import os from "node:os";
import path from "node:path";

/**
 * `$XDG_STATE_HOME/idmefv2/spool/<host>-<port>-<hash of the URL>` (XDG_STATE_HOME defaulting to
 * ~/.local/state). Keyed by URL so that the next run to the same destination finds what an earlier
 * run left undelivered, and two destinations never share a spool.
 */
export function defaultSpoolDir(url: URL, env: Readonly<Record<string, string | undefined>> = process.env): string {
  const stateHome = env["XDG_STATE_HOME"] || path.join(os.homedir(), ".local", "state");
  const hash = createHash("sha256").update(url.href).digest("hex").slice(0, 12);
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  const host = url.hostname.replace(/[^A-Za-z0-9.-]/g, "_");
  return path.join(stateHome, "idmefv2", "spool", `${host}-${port}-${hash}`);
}
