// Generates a throw-away PKI with /usr/bin/openssl for the mutual-TLS tests: a CA, a server
// certificate for 127.0.0.1 (subjectAltName IP, no CN as the transport draft asks), a client
// certificate, and a client certificate from an unrelated CA.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const OPENSSL = "/usr/bin/openssl";

export interface TestPki {
  readonly dir: string;
  readonly caCert: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly clientCert: string;
  readonly clientKey: string;
  readonly rogueCert: string;
  readonly rogueKey: string;
  /** A server certificate for 127.0.0.1 that also names a wildcard DNS-ID (the draft forbids it). */
  readonly wildcardServerCert: string;
  readonly wildcardServerKey: string;
}

function openssl(dir: string, args: readonly string[]): void {
  execFileSync(OPENSSL, args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
}

function makeCa(dir: string, name: string, subject: string): void {
  openssl(dir, [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-nodes",
    "-keyout",
    `${name}.key`,
    "-out",
    `${name}.crt`,
    "-days",
    "2",
    "-subj",
    subject,
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  ]);
}

function makeLeaf(dir: string, name: string, ca: string, extensions: string): void {
  openssl(dir, [
    "req",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-nodes",
    "-keyout",
    `${name}.key`,
    "-out",
    `${name}.csr`,
    "-subj",
    `/O=idmefv2 tests/OU=${name}`,
  ]);
  fs.writeFileSync(path.join(dir, `${name}.ext`), extensions);
  openssl(dir, [
    "x509",
    "-req",
    "-in",
    `${name}.csr`,
    "-CA",
    `${ca}.crt`,
    "-CAkey",
    `${ca}.key`,
    "-CAcreateserial",
    "-out",
    `${name}.crt`,
    "-days",
    "2",
    "-extfile",
    `${name}.ext`,
  ]);
}

export function generateTestPki(dir: string): TestPki {
  makeCa(dir, "ca", "/O=idmefv2 tests/OU=test CA");
  makeCa(dir, "rogue-ca", "/O=someone else/OU=rogue CA");
  makeLeaf(dir, "server", "ca", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n");
  makeLeaf(dir, "client", "ca", "subjectAltName=DNS:sensor.idmefv2.test\nextendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n");
  makeLeaf(
    dir,
    "wildcard-server",
    "ca",
    "subjectAltName=IP:127.0.0.1,DNS:*.idmefv2.test\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n",
  );
  makeLeaf(dir, "rogue", "rogue-ca", "subjectAltName=DNS:rogue.idmefv2.test\nextendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n");
  const file = (name: string): string => path.join(dir, name);
  return {
    dir,
    caCert: file("ca.crt"),
    serverCert: file("server.crt"),
    serverKey: file("server.key"),
    clientCert: file("client.crt"),
    clientKey: file("client.key"),
    rogueCert: file("rogue.crt"),
    rogueKey: file("rogue.key"),
    wildcardServerCert: file("wildcard-server.crt"),
    wildcardServerKey: file("wildcard-server.key"),
  };
}
