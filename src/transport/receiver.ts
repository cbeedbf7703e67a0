// The receiving end of draft-lehmann-idmefv2-https-transport: an HTTP(S) server that validates and stores.
import http from "node:http";
import https from "node:https";
import type net from "node:net";
import type { AddressInfo } from "node:net";
import { IdmefError, UnknownVersionError } from "../core/errors.js";
import { forbiddenKeyMessage, parseJsonSafely } from "../core/safe-json.js";
import { schemaProblems, type Problem } from "../core/validator.js";
import type { VersionPolicy } from "../core/versions.js";
import { basicAuthChecker, type BasicCredentials } from "./basic-auth.js";
import { readBoundedBody } from "./body-reader.js";
import { ConnectionGuard } from "../io/connection-guard.js";
import type { MessageStore } from "./message-store.js";
import { Message } from "../core/message.js";
import type { MessageSink } from "../framework/sinks.js";
import { MIN_TLS_VERSION } from "./tls-files.js";
import { isStorageFull } from "../io/durable-file.js";

export interface ReceiverTlsOptions {
  readonly cert: string | Buffer;
  readonly key: string | Buffer;
  /** CA bundle for client certificates: when set, every client must present one it signed. */
  readonly clientCa?: string | Buffer;
}

export interface ReceiverOptions {
  /** Address to bind; default 127.0.0.1. */
  readonly host?: string;
  /** Port to bind; 0 picks a free one (read it back from `url`). */
  readonly port?: number;
  readonly tls?: ReceiverTlsOptions;
  /** When set, requests without these credentials get 401. */
  readonly basicAuth?: BasicCredentials;
  /** Largest body accepted, in bytes; default 1 MiB. Larger ones get 413. */
  readonly maxBodyBytes?: number;
  /**
   * Connections held at once at most; default 1024. At the cap a new connection evicts the idlest
   * one with no request in progress of the address holding the most connections, so idle
   * connections cannot lock a real sender out.
   */
  readonly maxConnections?: number;
  /** Connections from one remote address (an IPv6 /64 counts as one) at most (default 256), evicting that address's idle ones. */
  readonly maxConnectionsPerAddress?: number;
  /** How long a client may take to send its request headers (and the TLS handshake), ms; default 5000. */
  readonly headersTimeoutMs?: number;
  /** How long an idle keep-alive connection is kept, ms; default 5000. */
  readonly idleTimeoutMs?: number;
  /**
   * The IDMEFv2 versions accepted (default: every known one). A message of another Version gets 415
   * naming the accepted ones.
   */
  readonly acceptVersions?: readonly string[];
  /**
   * Where accepted messages go, as the line received (an NDJSON file, stdout). Give this or `sink`.
   */
  readonly store?: MessageStore;
  /**
   * Where accepted messages go through the pipeline's sink interface: a relay is composition
   * (JetStream, the HTTPS delivery and its spool). Each message is written and then the sink is
   * flushed: the 2xx is sent only once `flush` resolved (acknowledged by JetStream, fsync'd in the
   * spool); a failure answers 503 and the sender keeps the message. Closed with the receiver.
   */
  readonly sink?: MessageSink;
  /** Told about each failed store write (e.g. to print "disk full" once for the operator). */
  readonly onStoreError?: (error: unknown) => void;
  /** Unknown `Version` values: "strict" (400, the default) or validate against the latest draft. */
  readonly versionPolicy?: VersionPolicy;
}

/** What the receiver answered, by outcome. */
export interface ReceiverStats {
  accepted: number;
  invalid: number;
  unauthorized: number;
  tooLarge: number;
  unsupportedMediaType: number;
  notAcceptable: number;
  methodNotAllowed: number;
  /** Messages of a Version outside `acceptVersions` (415). */
  unacceptedVersion: number;
  /** Connections closed to make room for newer ones (idle ones, at the connection caps). */
  evictedConnections: number;
  /** Requests that failed on the receiver's side (5xx): the store could not take the message. */
  failed: number;
  /** Of those, the ones refused with 507 because the store's disk was full. */
  storageFull: number;
}

export interface Receiver {
  /** Where the receiver listens, e.g. "https://127.0.0.1:8443/". */
  readonly url: string;
  readonly port: number;
  stats(): ReceiverStats;
  /** Stops accepting, lets requests in progress finish, flushes the store. */
  close(): Promise<ReceiverStats>;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** How long a stopping receiver waits for requests in progress. */
const SHUTDOWN_GRACE_MS = 10_000;

/** The media type of the only serialization the draft recommends (section 5). */
const JSON_MEDIA_TYPE = "application/json";
/** Also taken on input: python-idmefv2 registers its JSON serializer under both names. */
const JSON_MEDIA_TYPES: ReadonlySet<string> = new Set([JSON_MEDIA_TYPE, "text/json"]);

function mediaType(header: string | undefined): string | undefined {
  return header?.split(";")[0]?.trim().toLowerCase();
}

/** True when the Accept header admits an application/json answer (no header admits it too). */
function acceptsJson(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === "") return true;
  return accept.split(",").some((range) => {
    const [type = "", ...params] = range.split(";").map((part) => part.trim().toLowerCase());
    const refused = params.some((p) => /^q=0(\.0{0,3})?$/.test(p));
    return !refused && (type === JSON_MEDIA_TYPE || type === "application/*" || type === "*/*");
  });
}

/** `judge` with a memory of its last header text and verdict (a header is a string, or absent). */
function lastVerdict(judge: (header: string | undefined) => boolean): (header: string | undefined) => boolean {
  let lastHeader: string | undefined;
  let lastResult = judge(undefined);
  return (header) => {
    if (header !== lastHeader) {
      lastResult = judge(header);
      lastHeader = header;
    }
    return lastResult;
  };
}

function sendJson(response: http.ServerResponse, status: number, body: object, headers: http.OutgoingHttpHeaders = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

/**
 * Closes a connection after an early answer (413, or an unread body), without a TCP reset: the
 * answer is flushed and the write side shut, and the rest of the upload is discarded unread for a
 * moment so that the kernel does not reset the connection before the client has read the answer.
 */
function closeAfterAnswer(request: http.IncomingMessage, response: http.ServerResponse): void {
  response.on("finish", () => {
    const socket = request.socket;
    socket.on("data", () => undefined);
    socket.resume();
    socket.end();
    setTimeout(() => socket.destroy(), 2000).unref();
  });
}

/** Starts a receiver; resolves once it is listening. */
export async function startReceiver(options: ReceiverOptions): Promise<Receiver> {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const checkAuth = options.basicAuth === undefined ? undefined : basicAuthChecker(options.basicAuth);
  const versionPolicy = options.versionPolicy ?? "strict";
  if ((options.store === undefined) === (options.sink === undefined)) {
    throw new IdmefError("CONFIG_ERROR", "startReceiver: give exactly one of `store` (lines as received) and `sink` (a MessageSink)");
  }
  const { store, sink } = options;
  const counts: ReceiverStats = {
    accepted: 0,
    invalid: 0,
    unauthorized: 0,
    tooLarge: 0,
    unsupportedMediaType: 0,
    notAcceptable: 0,
    methodNotAllowed: 0,
    unacceptedVersion: 0,
    evictedConnections: 0,
    failed: 0,
    storageFull: 0,
  };
  const acceptVersions = options.acceptVersions === undefined ? undefined : new Set(options.acceptVersions);
  const guard = new ConnectionGuard({
    maxConnections: options.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
    maxPerAddress: options.maxConnectionsPerAddress ?? DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
  });
  // A sender repeats the same Content-Type and Accept on every request: each header text is
  // judged once, and the verdict reused while the next request carries the same text.
  const acceptVerdict = lastVerdict(acceptsJson);
  const jsonTypeVerdict = lastVerdict((header: string | undefined): boolean => {
    const type = mediaType(header);
    return type !== undefined && JSON_MEDIA_TYPES.has(type);
  });
  let active = 0;
  let closing = false;
  let onIdle: (() => void) | undefined;

  async function handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    if (closing) response.setHeader("connection", "close");
    if (checkAuth !== undefined && !checkAuth(request.headers.authorization)) {
      counts.unauthorized++;
      closeAfterAnswer(request, response);
      sendJson(
        response,
        401,
        { status: 401, error: "credentials required" },
        {
          "www-authenticate": 'Basic realm="idmefv2", charset="UTF-8"',
          connection: "close",
        },
      );
      return;
    }
    if (request.method !== "POST") {
      counts.methodNotAllowed++;
      closeAfterAnswer(request, response);
      sendJson(response, 405, { status: 405, error: "IDMEFv2 messages are sent with POST" }, { allow: "POST", connection: "close" });
      return;
    }
    if (!jsonTypeVerdict(request.headers["content-type"])) {
      const type = mediaType(request.headers["content-type"]);
      counts.unsupportedMediaType++;
      closeAfterAnswer(request, response);
      sendJson(
        response,
        415,
        { status: 415, error: `unsupported media type ${JSON.stringify(type ?? "")}: send ${JSON_MEDIA_TYPE} (or text/json)` },
        { "accept-post": JSON_MEDIA_TYPE, connection: "close" },
      );
      return;
    }
    if (!acceptVerdict(request.headers.accept)) {
      counts.notAcceptable++;
      closeAfterAnswer(request, response);
      sendJson(response, 406, { status: 406, error: `answers are ${JSON_MEDIA_TYPE}` }, { connection: "close" });
      return;
    }
    const declared = Number(request.headers["content-length"] ?? "0");
    const body = declared > maxBodyBytes ? ({ kind: "too-large", received: 0 } as const) : await readBoundedBody(request, maxBodyBytes);
    if (body.kind === "aborted") return;
    if (body.kind === "too-large") {
      counts.tooLarge++;
      closeAfterAnswer(request, response);
      sendJson(response, 413, { status: 413, error: `message larger than ${maxBodyBytes} bytes` }, { connection: "close" });
      return;
    }
    const problems = messageProblems(body.body, versionPolicy);
    if (problems.parsed === undefined || problems.list.length > 0) {
      counts.invalid++;
      sendJson(response, 400, { status: 400, error: "invalid IDMEFv2 message", ...boundedProblems(problems.list) });
      return;
    }
    const version = (problems.parsed as { Version?: unknown }).Version;
    if (acceptVersions !== undefined && !(typeof version === "string" && acceptVersions.has(version))) {
      counts.unacceptedVersion++;
      const accepted = [...acceptVersions].join(", ");
      sendJson(
        response,
        415,
        {
          status: 415,
          error: `IDMEFv2 Version ${JSON.stringify(version)} is not accepted here: this receiver accepts ${accepted}`,
          acceptedVersions: [...acceptVersions],
        },
        { "accept-post": JSON_MEDIA_TYPE },
      );
      return;
    }
    try {
      if (sink !== undefined) {
        const message = Object.assign(new Message(), problems.parsed);
        await sink.write(message, { file: request.socket.remoteAddress ?? "", line: 0 });
        await sink.flush?.();
      } else {
        await store!.write(problems.line);
      }
    } catch (error) {
      // Not stored, so not acknowledged: a 5xx makes the client keep the message and retry later.
      // 507 (Insufficient Storage) when the disk is full, 503 for any other store failure.
      counts.failed++;
      const status = isStorageFull(error) ? 507 : 503;
      if (status === 507) counts.storageFull++;
      options.onStoreError?.(error);
      sendJson(
        response,
        status,
        { status, error: `the receiver could not store the message: ${(error as Error).message}` },
        { "retry-after": String(STORE_RETRY_AFTER_S) },
      );
      return;
    }
    counts.accepted++;
    // 204: acknowledged, no content (the draft's example B.1).
    response.writeHead(204);
    response.end();
  }

  const listener = (request: http.IncomingMessage, response: http.ServerResponse): void => {
    active++;
    const requestDone = guard.requestStarted(request.socket);
    response.on("close", () => {
      requestDone();
      active--;
      if (active === 0 && onIdle !== undefined) onIdle();
    });
    handle(request, response).catch((error: unknown) => {
      counts.failed++;
      if (!response.headersSent) sendJson(response, 500, { status: 500, error: (error as Error).message });
      else response.destroy();
    });
  };

  const headersTimeout = options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
  // Node reaps connections past the header timeout only when it checks (default every 30 s): check
  // every second, so a slow or silent client is cut close to the timeout, not up to 30 s later.
  const serverOptions: http.ServerOptions = { connectionsCheckingInterval: Math.min(1000, headersTimeout) };
  let server: http.Server;
  try {
    server =
      options.tls === undefined
        ? http.createServer(serverOptions, listener)
        : https.createServer(
            {
              ...serverOptions,
              cert: options.tls.cert,
              key: options.tls.key,
              // A client that opens a connection and never completes the handshake holds it as long.
              handshakeTimeout: headersTimeout,
              minVersion: MIN_TLS_VERSION,
              ...(options.tls.clientCa === undefined ? {} : { ca: options.tls.clientCa, requestCert: true, rejectUnauthorized: true }),
            },
            listener,
          );
  } catch (error) {
    throw tlsSetupError(error);
  }
  server.keepAliveTimeout = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  // A whole request (headers and a body of at most maxBodyBytes) in 30 s, even on a slow link.
  server.requestTimeout = 30_000;
  server.headersTimeout = headersTimeout;
  server.on("connection", (socket: net.Socket) => guard.admit(socket));

  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(
        new IdmefError("CONFIG_ERROR", `cannot listen on ${host}:${options.port ?? 0}: ${error.code ?? error.message}`, {
          cause: error,
        }),
      );
    };
    server.once("error", onError);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", onError);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  const url = `${options.tls === undefined ? "http" : "https"}://${shownHost}:${port}/`;
  let closed: Promise<ReceiverStats> | undefined;

  return {
    url,
    port,
    stats: () => ({ ...counts, evictedConnections: guard.stats().evicted }),
    close() {
      closed ??= (async () => {
        closing = true;
        const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        // Requests in progress may finish, but a client that trickles its body cannot hold the
        // shutdown for long: after the grace period its connection is cut (it was not acknowledged).
        if (active > 0) {
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([
            new Promise<void>((resolve) => (onIdle = resolve)),
            new Promise<void>((resolve) => (timer = setTimeout(resolve, SHUTDOWN_GRACE_MS))),
          ]);
          clearTimeout(timer);
        }
        server.closeAllConnections();
        await serverClosed;
        await (sink !== undefined ? sink.close?.() : store!.close());
        return { ...counts, evictedConnections: guard.stats().evicted };
      })();
      return closed;
    },
  };
}

const DEFAULT_MAX_CONNECTIONS = 1024;
const DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 256;
const DEFAULT_HEADERS_TIMEOUT_MS = 5000;
const DEFAULT_IDLE_TIMEOUT_MS = 5000;
/** Problems listed in a 400 at most, and the bytes they may take: the answer stays small. */
const MAX_ANSWER_PROBLEMS = 50;
const MAX_ANSWER_PROBLEM_BYTES = 32 * 1024;
/** Allowed values listed per problem at most (a taxonomy has over a hundred). */
const MAX_ANSWER_ALLOWED = 16;

/**
 * The problems of a 400, bounded in count and bytes, with "and N more" when some are left out:
 * a huge invalid message must not make a huge answer (nor the memory to build it).
 */
function boundedProblems(list: readonly Problem[]): { problems: Problem[]; more?: string } {
  const problems: Problem[] = [];
  let bytes = 0;
  let omitted = 0;
  for (const problem of list) {
    if (problem.keyword === "truncated") {
      omitted += Number(/\d+/.exec(problem.message)?.[0] ?? 0);
      continue;
    }
    const shown: Problem =
      problem.allowed !== undefined && problem.allowed.length > MAX_ANSWER_ALLOWED
        ? {
            ...problem,
            allowed: [...problem.allowed.slice(0, MAX_ANSWER_ALLOWED), `… ${problem.allowed.length - MAX_ANSWER_ALLOWED} more`],
          }
        : problem;
    const size = JSON.stringify(shown).length;
    if (problems.length >= MAX_ANSWER_PROBLEMS || bytes + size > MAX_ANSWER_PROBLEM_BYTES) {
      omitted++;
      continue;
    }
    problems.push(shown);
    bytes += size;
  }
  return omitted === 0 ? { problems } : { problems, more: `and ${omitted} more problem(s) not listed` };
}

/** A certificate or key the TLS layer cannot use, as a configuration error naming the flags. */
function tlsSetupError(error: unknown): IdmefError {
  const reason = (error as Error).message;
  const mismatch =
    /key values mismatch|KEY_VALUES_MISMATCH/i.test(reason) || (error as { code?: string }).code === "ERR_OSSL_X509_KEY_VALUES_MISMATCH";
  return new IdmefError(
    "CONFIG_ERROR",
    mismatch
      ? `--tls-key does not belong to --tls-cert (the private key does not match the certificate's public key)`
      : `cannot use the TLS certificate or key (--tls-cert, --tls-key, --client-ca): ${reason}`,
    { cause: error },
  );
}
/** What a client is told to wait after a store failure: long enough for an operator to act. */
const STORE_RETRY_AFTER_S = 5;
const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true });

/** Parses a body and lists every problem: JSON syntax, shape, unknown version, schema. */
function messageProblems(body: Buffer, versionPolicy: VersionPolicy): { parsed: unknown; line: string; list: Problem[] } {
  let parsed: unknown;
  let text: string;
  try {
    // Invalid UTF-8 would be stored with replacement characters: refuse it instead.
    text = STRICT_UTF8.decode(body);
  } catch {
    return {
      parsed: undefined,
      line: "",
      list: [{ pointer: "", keyword: "encoding", message: "the body is not valid UTF-8", severity: "error" }],
    };
  }
  let line: string;
  try {
    const { value, dropped } = parseJsonSafely(text);
    if (dropped.length > 0) {
      // Never store a message changed without a word: a key that could reach a prototype is refused.
      return {
        parsed: undefined,
        line: "",
        list: dropped.map((pointer) => ({
          pointer,
          keyword: "forbidden-key",
          message: forbiddenKeyMessage(pointer),
          severity: "error" as const,
        })),
      };
    }
    parsed = value;
    // Stored as received when it is one line already and nothing was dropped; else re-serialized.
    line = dropped.length === 0 && !text.includes("\n") && !text.includes("\r") ? text.trim() : JSON.stringify(value);
  } catch (error) {
    return {
      parsed: undefined,
      line: "",
      list: [{ pointer: "", keyword: "json", message: `malformed JSON: ${(error as Error).message}`, severity: "error" }],
    };
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    return {
      parsed: undefined,
      line: "",
      list: [{ pointer: "", keyword: "type", message: "an IDMEFv2 message is a JSON object", severity: "error" }],
    };
  }
  try {
    return {
      parsed,
      line,
      list: schemaProblems(parsed, { versionPolicy, maxProblems: MAX_ANSWER_PROBLEMS }).filter((p) => p.severity === "error"),
    };
  } catch (error) {
    if (error instanceof UnknownVersionError) {
      return { parsed, line, list: [{ pointer: "/Version", keyword: "version", message: error.message, severity: "error" }] };
    }
    throw error;
  }
}
