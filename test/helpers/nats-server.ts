// Starts a private nats-server with JetStream for a test: its own free port and a temporary store,
// so tests pass on a fresh machine (.ci/run installs the Debian package) and may stop it at will.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const NATS_SERVER = ["/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server"].find((p) => existsSync(p));

export interface NatsServer {
  readonly port: number;
  /** "nats://127.0.0.1:PORT" */
  readonly url: string;
  /** "127.0.0.1:PORT", for the client's `servers`. */
  readonly server: string;
  /** The running server's process id (a bench reads its CPU time), undefined while stopped. */
  pid(): number | undefined;
  /** Stops the server (SIGTERM) and waits for it to exit; its store is kept for `start`. */
  stop(): Promise<void>;
  /** Starts it again on the same port and store (a broker restart). */
  start(): Promise<void>;
  /** Stops it and removes its store. */
  dispose(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export async function startNatsServer(): Promise<NatsServer> {
  if (NATS_SERVER === undefined) throw new Error("nats-server is not installed: apt-get install nats-server (.ci/run does it)");
  const port = await freePort();
  const storeDir = mkdtempSync(path.join(os.tmpdir(), "idmefv2-nats-"));
  let child: ChildProcess | undefined;
  let log = "";
  const start = async (): Promise<void> => {
    const started = spawn(NATS_SERVER, ["-js", "-a", "127.0.0.1", "-p", String(port), "-sd", storeDir], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    started.stderr!.setEncoding("utf8").on("data", (text: string) => (log = (log + text).slice(-4000)));
    child = started;
    let exited = false;
    started.once("exit", () => (exited = true));
    const deadline = Date.now() + 15_000;
    while (!(await canConnect(port))) {
      if (exited || Date.now() > deadline) throw new Error(`nats-server did not start on port ${port}:\n${log}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const stop = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once("exit", () => resolve()));
    running.kill("SIGTERM");
    await exited;
  };
  await start();
  return {
    port,
    url: `nats://127.0.0.1:${port}`,
    server: `127.0.0.1:${port}`,
    pid: () => child?.pid,
    stop,
    start,
    async dispose() {
      await stop();
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}
