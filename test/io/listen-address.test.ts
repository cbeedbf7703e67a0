// The one listen-address parser of `listen --udp/--tcp` and `serve --listen`: the forms it takes,
// and errors that name the flag, the text and what to write instead.
import { test } from "node:test";
import assert from "node:assert/strict";
import { formatListenAddress, parseListenAddress } from "../../src/io/listen-address.js";

const udp = { label: "--udp", schemes: ["udp"] } as const;
const listen = { label: "--listen", example: "127.0.0.1:8443" } as const;

test("listen-address: HOST:PORT, [IPv6]:PORT, :PORT (loopback), host names, and a scheme where allowed", () => {
  assert.deepEqual(parseListenAddress("127.0.0.1:5514", udp), { host: "127.0.0.1", port: 5514 });
  assert.deepEqual(parseListenAddress(" 0.0.0.0:514 ", udp), { host: "0.0.0.0", port: 514 });
  assert.deepEqual(parseListenAddress("[::1]:514", udp), { host: "::1", port: 514 });
  assert.deepEqual(parseListenAddress("[::]:0", udp), { host: "::", port: 0 });
  assert.deepEqual(parseListenAddress(":6514", udp), { host: "127.0.0.1", port: 6514 });
  assert.deepEqual(parseListenAddress("localhost:65535", udp), { host: "localhost", port: 65535 });
  assert.deepEqual(parseListenAddress("log-host.example.org:514", udp), { host: "log-host.example.org", port: 514 });
  assert.deepEqual(parseListenAddress("udp://[::1]:514", udp), { host: "::1", port: 514 });
  assert.deepEqual(parseListenAddress("UDP://127.0.0.2:514/", udp), { host: "127.0.0.2", port: 514 });
  assert.deepEqual(parseListenAddress("tcp://0.0.0.0:6514", { label: "--tcp", schemes: ["tcp"] }), { host: "0.0.0.0", port: 6514 });
  assert.deepEqual(parseListenAddress("127.0.0.1:8443", listen), { host: "127.0.0.1", port: 8443 });
});

test("listen-address: what the listener prints reads back to the same address", () => {
  for (const text of ["udp://[::1]:514", "udp://127.0.0.1:5514"]) {
    assert.equal(formatListenAddress(parseListenAddress(text, udp), "udp"), text);
  }
  assert.equal(formatListenAddress({ host: "::", port: 8443 }), "[::]:8443");
});

test("listen-address: bad input is a CONFIG_ERROR naming the flag, the text and what to write", () => {
  const cases: [string, typeof udp | typeof listen, RegExp][] = [
    ["514", udp, /^--udp "514": a port alone does not say where to listen: write 127\.0\.0\.1:514 \(this machine only\), 0\.0\.0\.0:514/],
    ["tcp://0.0.0.0:6514", udp, /^--udp "tcp:\/\/0\.0\.0\.0:6514": a tcp:\/\/ address where udp:\/\/ \(or no scheme\) is expected/],
    ["udp://[::1]:514", listen, /^--listen "udp:\/\/\[::1\]:514": write HOST:PORT without a scheme, e\.g\. 127\.0\.0\.1:8443/],
    ["::1:514", udp, /an IPv6 address goes in brackets, e\.g\. \[::1\]:514/],
    ["[::1]514", udp, /no ":PORT" after the bracketed IPv6 address/],
    ["[::1:514", udp, /no "\]" after the IPv6 address/],
    ["[1.2.3.4]:514", udp, /"1\.2\.3\.4" in brackets is not an IPv6 address/],
    ["localhost", udp, /no port: write HOST:PORT/],
    ["127.0.0.1:65536", udp, /the port must be a number from 0 to 65535 \(0 picks a free one\), not "65536"/],
    ["127.0.0.1:", udp, /the port must be a number from 0 to 65535/],
    ["127.0.0.1:-1", udp, /the port must be a number/],
    ["127.0.0.1:0x50", udp, /the port must be a number/],
    ["999.1.1.1:514", udp, /"999\.1\.1\.1" is neither an IPv4 address nor a host name/],
    ["bad_host:514", udp, /"bad_host" is neither an IPv4 address nor a host name/],
    ["-dash.example:514", udp, /neither an IPv4 address nor a host name/],
    ["", udp, /^--udp "": no address/],
    ["udp://", udp, /no address/],
  ];
  for (const [text, rules, expected] of cases) {
    assert.throws(
      () => parseListenAddress(text, rules),
      (error: unknown) => {
        assert.equal((error as { code?: string }).code, "CONFIG_ERROR", text);
        assert.match((error as Error).message, expected, text);
        return true;
      },
    );
  }
});
