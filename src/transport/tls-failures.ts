// Tells TLS failures that describe the setup (an untrusted receiver certificate, a client
// certificate the receiver refuses) from network trouble: the former never heal by retrying.
import { connect, createSecureContext, type ConnectionOptions } from "node:tls";
import { IdmefError } from "../core/errors.js";

/** Our check of the receiver's identity (peer-identity.ts) refuses wildcard certificates with this code. */
export const WILDCARD_CERT_CODE = "ERR_IDMEFV2_WILDCARD_CERT";

/** Verification of the receiver's certificate failed on our side (OpenSSL's X509 verify codes). */
const RECEIVER_CERT_CODES: ReadonlySet<string> = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "CERT_UNTRUSTED",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_REVOKED",
  "CERT_SIGNATURE_FAILURE",
  "INVALID_CA",
  "INVALID_PURPOSE",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  WILDCARD_CERT_CODE,
]);

/** The receiver refused our client certificate (or the lack of one) with a TLS alert. */
const CLIENT_CERT_ALERTS: ReadonlySet<string> = new Set([
  "ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED",
  "ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE",
  "ERR_SSL_TLSV1_ALERT_UNKNOWN_CA",
  "ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN",
  "ERR_SSL_TLSV1_ALERT_ACCESS_DENIED",
  "ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED",
  "ERR_SSL_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE",
  "ERR_SSL_TLSV1_ALERT_DECRYPT_ERROR",
]);

function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  for (let e: unknown = error, depth = 0; e !== null && typeof e === "object" && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") codes.push(code);
    e = (e as { cause?: unknown }).cause;
  }
  return codes;
}

/**
 * The operator's explanation when `error` is a TLS setup failure, else undefined (retry it).
 * Like a 401, it describes the configuration: every attempt would fail the same way.
 */
export function tlsSetupFailure(error: unknown, origin: string): string | undefined {
  const codes = codesOf(error);
  const message = error instanceof Error ? error.message : String(error);
  const receiverCode = codes.find((c) => RECEIVER_CERT_CODES.has(c));
  if (receiverCode !== undefined) {
    return (
      `the certificate of ${origin} is not trusted (${receiverCode}: ${message}): give the CA that signed it with --ca ` +
      `(or fix the receiver's certificate); delivery stopped, messages stay in the spool`
    );
  }
  const alert = codes.find((c) => CLIENT_CERT_ALERTS.has(c));
  if (alert !== undefined) {
    return (
      `${origin} refused our client certificate (${alert}): give one its --client-ca trusts with --tls-cert and --tls-key; ` +
      `delivery stopped, messages stay in the spool`
    );
  }
  return undefined;
}

/**
 * Checks client TLS material before anything is sent: a key that does not belong to its
 * certificate, or a PEM OpenSSL cannot read, is a configuration error naming the flags.
 */
export function checkClientTlsMaterial(tls: { cert?: string | Buffer; key?: string | Buffer; ca?: string | Buffer }): void {
  try {
    createSecureContext({
      ...(tls.cert === undefined ? {} : { cert: tls.cert }),
      ...(tls.key === undefined ? {} : { key: tls.key }),
      ...(tls.ca === undefined ? {} : { ca: tls.ca }),
    });
  } catch (error) {
    const code = (error as { code?: string }).code ?? "";
    const reason = (error as Error).message;
    throw new IdmefError(
      "CONFIG_ERROR",
      /KEY_VALUES_MISMATCH/i.test(code) || /key values mismatch/i.test(reason)
        ? "--tls-key does not belong to --tls-cert (the private key does not match the certificate's public key)"
        : `cannot use the TLS files (--tls-cert, --tls-key, --ca): ${reason}`,
      { cause: error },
    );
  }
}

/** The undici errors a TLS alert sent after the handshake turns into (it loses the alert itself). */
const CLOSED_CODES: ReadonlySet<string> = new Set(["UND_ERR_SOCKET", "ECONNRESET", "EPIPE"]);

/** True when `error` is a connection closed without an answer: perhaps a refused client certificate. */
export function mayHideTlsAlert(error: unknown): boolean {
  return codesOf(error).some((c) => CLOSED_CODES.has(c));
}

/**
 * Under TLS 1.3 a receiver refuses a client certificate only after the client considers the
 * handshake done; undici then reports "other side closed" and the alert is lost. This opens one
 * bare TLS connection with the same options, sends nothing, and listens for that alert for
 * `waitMs`: it returns the error (with the alert's code) or undefined when the connection stayed up.
 */
export function probeForTlsAlert(options: ConnectionOptions, waitMs = 1500): Promise<Error | undefined> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Error | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const socket = connect(options);
    const timer = setTimeout(() => finish(undefined), waitMs);
    socket.on("error", (error) => finish(error));
    socket.on("data", () => finish(undefined));
    socket.on("close", () => finish(undefined));
  });
}
