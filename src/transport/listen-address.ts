// Parses a listening address: "HOST:PORT", "[IPv6]:PORT" or ":PORT" (loopback).
import { IdmefError } from "../core/errors.js";

export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

export function parseListenAddress(text: string): ListenAddress {
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(text.trim());
  const port = match === null ? Number.NaN : Number(match[3]);
  if (match === null || port > 65535) {
    throw new IdmefError("CONFIG_ERROR", `--listen ${JSON.stringify(text)}: expected HOST:PORT, e.g. 127.0.0.1:8443 (port 0 picks a free one)`);
  }
  const host = match[1] ?? match[2] ?? "";
  return { host: host === "" ? "127.0.0.1" : host, port };
}
