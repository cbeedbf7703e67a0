// A request URL (CEF `request`, LEEF `url`) as the schema's "uri" takes it: what the WHATWG URL
// parser makes of it, credentials left out and '[' ']' percent-encoded outside the host.
//
// Most URLs senders write are already in the form the parser would give back: http(s), a lower-case
// domain name, a path of plain characters. Those are recognised by one scan and returned as written
// (a new URL object per line cost more than the rest of the request's handling); anything else
// (upper case, a port, credentials, an IP or IDN host, dot segments, characters the parser would
// percent-encode) goes through the parser. A test compares the two on generated URLs.

const SCHEME_HTTP = "http://";
const SCHEME_HTTPS = "https://";

function isLowerAlpha(c: number): boolean {
  return c >= 97 && c <= 122;
}

function isHostChar(c: number): boolean {
  return isLowerAlpha(c) || (c >= 48 && c <= 57) || c === 45; /* - */
}

/**
 * Whether c may stand in a path, query or fragment as written: printable ASCII except what the
 * parser percent-encodes or reads as something else (space " ' < > \ ^ ` { | }).
 */
function isPlainChar(c: number): boolean {
  if (c <= 32 || c >= 127) return false;
  return c !== 34 && c !== 39 && c !== 60 && c !== 62 && c !== 92 && c !== 94 && c !== 96 && c !== 123 && c !== 124 && c !== 125;
}

/** Where the host of an http(s) URL ends when it is a plain domain name; -1 when it is not one. */
function plainHostEnd(text: string, start: number): number {
  let i = start;
  let labelStart = start;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 47 /* / */) break;
    if (c === 46 /* . */) {
      if (i === labelStart) return -1; // an empty label
      labelStart = i + 1;
    } else if (!isHostChar(c)) return -1; // a port, credentials, upper case, an IPv6 literal ...
    i++;
  }
  // The last label must start with a letter (a number there makes an IPv4 host) and not be empty;
  // punycode labels are decoded and checked by the parser.
  if (i === labelStart || !isLowerAlpha(text.charCodeAt(labelStart)) || text.includes("xn--", start)) return -1;
  return i;
}

/** The URL as given when the WHATWG parser would give it back unchanged; undefined when not sure. */
export function plainUrl(text: string): string | undefined {
  const start = text.startsWith(SCHEME_HTTPS) ? SCHEME_HTTPS.length : text.startsWith(SCHEME_HTTP) ? SCHEME_HTTP.length : -1;
  if (start < 0) return undefined;
  const hostEnd = plainHostEnd(text, start);
  if (hostEnd < 0 || hostEnd === text.length) return undefined; // no path: the parser adds "/"
  let part = 0; // 0 path, 1 query, 2 fragment
  // '[' and ']' are percent-encoded as the scan passes them: the text up to the last one is in `encoded`.
  let encoded = "";
  let plainFrom = 0;
  for (let i = hostEnd; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!isPlainChar(c)) return undefined;
    if (c === 91 || c === 93) {
      encoded += text.slice(plainFrom, i) + (c === 91 ? "%5B" : "%5D");
      plainFrom = i + 1;
    } else if (part === 2)
      continue; // in the fragment, anything plain stays as written
    else if (c === 35 /* # */ || (c === 63 /* ? */ && part === 0)) {
      // An empty query or fragment is dropped by the parser.
      if (i + 1 === text.length || (c === 63 && text.charCodeAt(i + 1) === 35)) return undefined;
      part = c === 35 ? 2 : 1;
    } else if (part === 0 && (c === 46 /* . */ || c === 37) /* % */ && text.charCodeAt(i - 1) === 47 /* / */) {
      return undefined; // a dot segment ("/./", "/../", "/%2e/") is resolved by the parser
    }
  }
  return plainFrom === 0 ? text : encoded + text.slice(plainFrom);
}

function encodeBrackets(text: string): string {
  return text.replaceAll("[", "%5B").replaceAll("]", "%5D");
}

/** The URL through the WHATWG parser, credentials left out; undefined when it does not parse. */
export function parsedUrl(text: string): string | undefined {
  try {
    const url = new URL(text);
    // WHATWG leaves '[' and ']' in paths and queries; RFC 3986 (the schema's "uri") allows them only
    // around an IPv6 host. Credentials are left out.
    return `${url.protocol}//${url.host}${encodeBrackets(url.pathname + url.search + url.hash)}`;
  } catch {
    return undefined;
  }
}

/** The request as an absolute URI, or undefined when it is none (a path alone, not a URL). */
export function absoluteUrl(text: string): string | undefined {
  const plain = plainUrl(text);
  if (plain !== undefined) return plain;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? parsedUrl(text) : undefined;
}
