// Builds the browser playground (web/) into dist/playground/: index.html, style.css and page.js,
// with the conversion worker's bundle inlined in page.js. esbuild with platform=browser: a `node:`
// module on the path of core/, framework/ or the built-in converters fails this build (npm test
// runs it), which is how "converters are pure" is checked. No network at run time: everything
// the page needs is in these three files.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "dist", "playground");
const nodePlatform = join(root, "src", "core", "platform");
const browserPlatform = join(root, "web", "platform-browser.ts");

/** Every import of src/core/platform.js resolves to its browser twin (same exports). */
const browserHost = {
  name: "idmefv2-browser-platform",
  setup(b) {
    b.onResolve({ filter: /platform\.js$/ }, (args) => {
      const target = resolve(args.resolveDir, args.path).replace(/\.js$/, "");
      return target === nodePlatform ? { path: browserPlatform } : undefined;
    });
  },
};

const common = {
  bundle: true,
  platform: "browser",
  target: "es2022",
  format: "iife",
  minify: true,
  legalComments: "none",
  logLevel: "silent",
  write: false,
};

async function bundle(options) {
  try {
    const result = await build({ ...common, ...options });
    return result.outputFiles[0].text;
  } catch (error) {
    // esbuild's own report names the file, line and what could not be resolved (e.g. "node:fs").
    const errors = error.errors ?? [];
    for (const e of errors) {
      const where = e.location === null ? "" : `${e.location.file}:${e.location.line}:${e.location.column}: `;
      console.error(`playground: ${where}${e.text}${e.notes.map((n) => `\n  ${n.text}`).join("")}`);
    }
    if (errors.length === 0) console.error(`playground: ${error.message}`);
    console.error(
      "playground: the browser bundle failed; core/, framework/ and converters/ must not use Node modules (see eslint.config.js)",
    );
    process.exit(1);
  }
}

const started = performance.now();
const worker = await bundle({
  entryPoints: [join(root, "web", "worker.ts")],
  plugins: [browserHost],
  inject: [join(root, "web", "buffer-global.ts")],
  loader: { ".schema": "text" },
});
const page = await bundle({
  entryPoints: [join(root, "web", "page.ts")],
  define: { WORKER_SOURCE: JSON.stringify(worker) },
});
mkdirSync(out, { recursive: true });
// Each file is replaced whole (written beside, then renamed): a server or test reading the folder
// during a rebuild never sees half a file.
const place = (name, content) => {
  const temporary = join(out, `.${name}.tmp`);
  writeFileSync(temporary, content);
  renameSync(temporary, join(out, name));
};
place("page.js", page);
place("index.html", readFileSync(join(root, "web", "index.html")));
place("style.css", readFileSync(join(root, "web", "style.css")));
console.log(
  `playground: dist/playground/ built (page.js ${(page.length / 1024).toFixed(0)} KiB) in ${Math.round(performance.now() - started)} ms`,
);
