// Checks the receiver's certificate beyond Node's default: the transport draft forbids wildcards.
import { checkServerIdentity, type PeerCertificate } from "node:tls";
import { WILDCARD_CERT_CODE } from "./tls-failures.js";

/** The DNS names of a certificate's subjectAltName ("DNS:a, IP Address:1.2.3.4, DNS:b" -> [a, b]). */
function dnsNames(cert: PeerCertificate): string[] {
  return (cert.subjectaltname ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.startsWith("DNS:"))
    .map((part) => part.slice(4));
}

/**
 * Node's host name check, plus draft-lehmann-idmefv2-https-transport 4.5.4: "Wildcards MUST NOT
 * appear in the DNS-ID of a certificate identifying an IDMEFv2 system. If such a certificate is
 * received ... the verification MUST fail". Returns an Error to refuse the connection.
 */
export function checkReceiverIdentity(host: string, cert: PeerCertificate): Error | undefined {
  const wildcard = dnsNames(cert).find((name) => name.includes("*"));
  if (wildcard !== undefined) {
    return Object.assign(
      new Error(
        `the receiver's certificate names ${JSON.stringify(wildcard)}: wildcard certificates are refused (IDMEFv2 HTTPS transport draft, 4.5.4)`,
      ),
      { code: WILDCARD_CERT_CODE },
    );
  }
  return checkServerIdentity(host, cert);
}
