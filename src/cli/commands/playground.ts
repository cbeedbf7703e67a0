// `idmefv2 playground`: serves the built browser playground (dist/playground/, `npm run playground`)
// over local HTTP. The page needs nothing else: it converts in the browser and sends nothing.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { Command } from "commander";
import { formatListenAddress, parseListenAddress } from "../../io/listen-address.js";
import { UsageError } from "../exit-codes.js";

// src/cli/commands/ and dist/cli/commands/ both sit three levels below the package root.
const PLAYGROUND = new URL("../../../dist/playground/", import.meta.url);

// The whole site: a fixed list, so no request path ever reaches the file system.
const FILES: Readonly<Record<string, { readonly file: string; readonly type: string }>> = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/index.html": { file: "index.html", type: "text/html; charset=utf-8" },
  "/page.js": { file: "page.js", type: "text/javascript; charset=utf-8" },
  "/style.css": { file: "style.css", type: "text/css; charset=utf-8" },
};

function loadSite(): Map<string, Buffer> {
  const site = new Map<string, Buffer>();
  for (const { file } of Object.values(FILES)) {
    if (site.has(file)) continue;
    try {
      site.set(file, readFileSync(new URL(file, PLAYGROUND)));
    } catch {
      throw new UsageError(
        `the playground is not built (${new URL(file, PLAYGROUND).pathname} is missing): run \`npm run playground\` in the idmefv2 folder first`,
      );
    }
  }
  return site;
}

export function registerPlaygroundCommand(program: Command): void {
  program
    .command("playground")
    .description("serve the browser playground (paste a record, see its IDMEFv2 message and every problem) on local HTTP")
    .option("--listen <host:port>", "address to serve on", "127.0.0.1:8765")
    .action(async (options: { listen: string }) => {
      const address = parseListenAddress(options.listen, { label: "--listen", example: "127.0.0.1:8765" });
      const site = loadSite();
      const server = createServer((request, response) => {
        const path = (request.url ?? "/").split("?")[0] ?? "/";
        const entry = FILES[path];
        if (request.method !== "GET" && request.method !== "HEAD") {
          response.writeHead(405, { allow: "GET, HEAD" }).end();
          return;
        }
        if (entry === undefined) {
          response.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found: the playground is at /\n");
          return;
        }
        const body = site.get(entry.file)!;
        response
          .writeHead(200, {
            "content-type": entry.type,
            "content-length": body.length,
            "x-content-type-options": "nosniff",
            "cache-control": "no-cache",
          })
          .end(request.method === "HEAD" ? undefined : body);
      });
      await new Promise<void>((resolve, reject) => {
        server.once("error", (error: NodeJS.ErrnoException) =>
          reject(new UsageError(`cannot listen on ${formatListenAddress(address)}: ${error.code ?? error.message}`)),
        );
        server.listen(address.port, address.host, () => resolve());
      });
      const bound = server.address();
      const port = typeof bound === "object" && bound !== null ? bound.port : address.port;
      process.stdout.write(`playground: serving on http://${formatListenAddress({ host: address.host, port })}/ (Ctrl-C to stop)\n`);
      const stop = () => server.close(() => process.exit(0));
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
}
