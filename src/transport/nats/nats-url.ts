// Parses `nats://HOST:PORT/SUBJECT`, the one way a NATS JetStream destination is named on the CLI.
import { IdmefError } from "../../core/errors.js";

export interface NatsDestination {
  /** "host:port" for the client's `servers`. */
  readonly server: string;
  /** The subject published to; undefined when the URL names only the server (the worker's --nats). */
  readonly subject: string | undefined;
  /** The URL as shown in messages and books (never with credentials: they are refused). */
  readonly display: string;
}

export const DEFAULT_NATS_PORT = 4222;

/** True when `text` names a NATS destination (and so a JetStream sink), not an HTTPS receiver. */
export function isNatsUrl(text: string): boolean {
  return text.toLowerCase().startsWith("nats://");
}

/**
 * A subject token is any run of printable characters but `.`, `*`, `>` and white space: NATS
 * treats the latter as separators and wildcards. Checked per token, without a regex over the whole.
 */
function subjectProblem(subject: string, wildcards: boolean): string | undefined {
  if (subject === "") return "no subject";
  for (const token of subject.split(".")) {
    if (token === "") return "an empty token (two dots, or a dot at either end)";
    if (/[\s\u0000-\u001f\u007f]/.test(token)) return "white space or a control character";
    if (!wildcards && (token.includes("*") || token.includes(">"))) return "a wildcard (* or >): messages are published to one subject";
  }
  return undefined;
}

/** Checks a subject given on its own (--subject, --out-subject); `wildcards` admits * and > (a filter). */
export function checkSubject(subject: string, flag: string, wildcards = false): string {
  const problem = subjectProblem(subject, wildcards);
  if (problem !== undefined) throw new IdmefError("CONFIG_ERROR", `${flag} ${JSON.stringify(subject)}: ${problem}`);
  return subject;
}

/**
 * `nats://HOST[:PORT][/SUBJECT]`; the subject is required unless `subjectRequired` is false.
 * Credentials in the URL are refused (URLs end up in logs and process listings).
 */
export function parseNatsUrl(text: string, flag: string, options: { readonly subjectRequired?: boolean } = {}): NatsDestination {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new IdmefError("CONFIG_ERROR", `${flag} ${JSON.stringify(text)}: not a URL; expected nats://host:port/subject`);
  }
  if (url.protocol !== "nats:") throw new IdmefError("CONFIG_ERROR", `${flag} ${JSON.stringify(text)}: expected a nats:// URL`);
  if (url.username !== "" || url.password !== "") {
    throw new IdmefError("CONFIG_ERROR", `${flag}: credentials in the NATS URL are refused (they would show in process listings and logs)`);
  }
  if (url.hostname === "")
    throw new IdmefError("CONFIG_ERROR", `${flag} ${JSON.stringify(text)}: no host; expected nats://host:port/subject`);
  if (url.search !== "" || url.hash !== "")
    throw new IdmefError("CONFIG_ERROR", `${flag} ${JSON.stringify(text)}: no query or fragment is taken`);
  const port = url.port === "" ? DEFAULT_NATS_PORT : Number(url.port);
  const subject = decodeURIComponent(url.pathname.replace(/^\//, ""));
  if (subject === "" && options.subjectRequired !== false) {
    throw new IdmefError("CONFIG_ERROR", `${flag} ${JSON.stringify(text)}: no subject; expected nats://host:port/subject`);
  }
  if (subject !== "") checkSubject(subject, `${flag} subject`);
  const server = `${url.hostname}:${port}`;
  return { server, subject: subject === "" ? undefined : subject, display: `nats://${server}${subject === "" ? "" : `/${subject}`}` };
}
