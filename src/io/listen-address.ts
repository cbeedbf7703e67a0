// Parses the address a server listens on: "HOST:PORT", "[IPv6]:PORT", ":PORT" (loopback), with an
// optional scheme ("udp://", "tcp://") where the caller allows one. One parser for `listen` and
// `serve`, so both take the same forms and explain a bad one the same way.
import { isIPv4, isIPv6 } from "node:net";
import { IdmefError } from "../core/errors.js";

export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

export interface ListenAddressRules {
  /** Names the address in errors: the flag ("--udp") or what it is ("udp address"). */
  readonly label: string;
  /** Schemes that may prefix the address, e.g. ["udp"]; none by default (a URL is then an error). */
  readonly schemes?: readonly string[];
  /** An example shown in errors, e.g. "127.0.0.1:5514". */
  readonly example?: string;
}

/** A ":PORT" address binds here: a listener is never exposed to the network unless asked. */
export const LOOPBACK_HOST = "127.0.0.1";

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]{0,15}):\/\//;
const PORT = /^\d{1,5}$/;
/** One DNS label: letters, digits and inner hyphens (RFC 1123), at most 63 characters. */
const HOST_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

export function parseListenAddress(text: string, rules: ListenAddressRules): ListenAddress {
  const example = rules.example ?? "127.0.0.1:5514";
  const fail = (reason: string): never => {
    throw new IdmefError("CONFIG_ERROR", `${rules.label} ${JSON.stringify(text)}: ${reason}`);
  };
  let rest = text.trim();
  const scheme = SCHEME.exec(rest);
  if (scheme !== null) {
    const name = (scheme[1] ?? "").toLowerCase();
    const allowed = rules.schemes ?? [];
    if (!allowed.includes(name)) {
      fail(
        allowed.length === 0
          ? `write HOST:PORT without a scheme, e.g. ${example}`
          : `a ${name}:// address where ${allowed.map((s) => `${s}://`).join(" or ")} (or no scheme) is expected, e.g. ${example}`,
      );
    }
    rest = rest.slice(scheme[0].length);
    if (rest.endsWith("/")) rest = rest.slice(0, -1);
  }
  if (rest === "") fail(`no address: write HOST:PORT, e.g. ${example}`);
  if (PORT.test(rest)) {
    fail(
      `a port alone does not say where to listen: write ${LOOPBACK_HOST}:${rest} (this machine only), 0.0.0.0:${rest} (every IPv4 interface) or [::]:${rest}`,
    );
  }
  let host: string;
  let portText: string;
  if (rest.startsWith("[")) {
    const close = rest.indexOf("]");
    if (close < 0) fail(`no "]" after the IPv6 address, e.g. [::1]:5514`);
    host = rest.slice(1, close);
    if (!isIPv6(host)) fail(`${JSON.stringify(host)} in brackets is not an IPv6 address`);
    if (rest[close + 1] !== ":") fail(`no ":PORT" after the bracketed IPv6 address, e.g. [${host}]:5514`);
    portText = rest.slice(close + 2);
  } else {
    const colon = rest.lastIndexOf(":");
    if (colon < 0) fail(`no port: write HOST:PORT, e.g. ${example}`);
    host = rest.slice(0, colon);
    portText = rest.slice(colon + 1);
    if (host.includes(":")) fail(`an IPv6 address goes in brackets, e.g. [${isIPv6(host) ? host : "::1"}]:${portText || "5514"}`);
    if (host === "") host = LOOPBACK_HOST;
    else if (/^[\d.]+$/.test(host) ? !isIPv4(host) : !isHostName(host)) {
      fail(`${JSON.stringify(host)} is neither an IPv4 address nor a host name`);
    }
  }
  const port = Number(portText);
  if (!PORT.test(portText) || port > 65535) {
    fail(`the port must be a number from 0 to 65535 (0 picks a free one), not ${JSON.stringify(portText)}`);
  }
  return { host, port };
}

/** A host name of dot-separated DNS labels (checked one by one: no regex over the whole name). */
function isHostName(text: string): boolean {
  return text.length <= 253 && text.split(".").every((label) => HOST_LABEL.test(label));
}

/** How an address is printed back ("udp://[::1]:5514"): the form parseListenAddress reads. */
export function formatListenAddress(address: ListenAddress, scheme?: string): string {
  const host = address.host.includes(":") ? `[${address.host}]` : address.host;
  return `${scheme === undefined ? "" : `${scheme}://`}${host}:${address.port}`;
}
