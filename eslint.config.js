// Lint config: the recommended JS and TypeScript rules, no type-aware rules (they would double the
// test time on the 2-core CI machines for little gain over `tsc --noEmit` with the strict flags).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

// core/, framework/ and converters/ run in the browser playground (web/, issue 18): they reach the
// host only through src/core/platform.ts, which the browser bundle swaps for web/platform-browser.ts.
// The files below are the framework's Node side (config discovery and plugin import, golden files,
// mapping files, NDJSON stream writers, file inputs): the playground does not load them.
const NODE_SIDE = [
  "src/core/platform.ts",
  "src/framework/config.ts",
  "src/framework/config-trust.ts",
  "src/framework/golden.ts",
  "src/framework/mappings/load.ts",
  "src/framework/sinks.ts",
  "src/framework/sources.ts",
];
const BROWSER_WHY =
  "core/, framework/ and converters/ must run in a browser (issue 18): reach the host through src/core/platform.ts (and web/platform-browser.ts), or do the I/O in src/io, src/transport or src/cli";
const NODE_MODULE = {
  regex:
    "^(node:.*|(assert|buffer|child_process|crypto|dgram|dns|events|fs|http|https|module|net|os|path|process|readline|stream|tls|url|util|worker_threads|zlib)(/.*)?)$",
  message: BROWSER_WHY,
};

export default tseslint.config(
  { ignores: ["dist/", "build/", "node_modules/", "plugins/*/node_modules/", "coverage/", "src/core/generated/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        Buffer: "readonly",
        URL: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
        setImmediate: "readonly",
        AbortController: "readonly",
        TextDecoder: "readonly",
        TextEncoder: "readonly",
        structuredClone: "readonly",
        queueMicrotask: "readonly",
        performance: "readonly",
        fetch: "readonly",
        AbortSignal: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
      "no-control-regex": "off",
    },
  },
  // Layering (CONVENTIONS.md 13), checked rather than hoped for: core imports nothing above it;
  // converters import only the contract and core; the framework nothing of the CLI or the
  // converters; nothing imports the CLI.
  layer("src/core/**/*.ts", ["framework", "converters", "cli", "io", "transport", "testing"], "core imports nothing above it", {
    browser: true,
  }),
  layer(
    "src/converters/**/*.ts",
    ["framework", "cli", "io", "transport", "testing"],
    "a converter imports only the contract (core/converter.ts) and core",
    { browser: true },
  ),
  layer("src/framework/**/*.ts", ["cli", "converters", "testing"], "the framework knows no converter and no CLI: they are handed to it", {
    browser: true,
  }),
  // io/follow/convert-follow.ts is CLI code awaiting its move to src/cli (issue 12).
  layer(["src/io/**/*.ts", "src/transport/**/*.ts", "src/testing/**/*.ts"], ["cli"], "nothing imports the CLI", {
    ignores: ["src/io/follow/convert-follow.ts"],
  }),
);

/**
 * Lint blocks forbidding relative imports into the named top-level folders of src/; with
 * `browser`, also Node's modules and globals, except in the files of NODE_SIDE (one block per
 * rule set: a later block's no-restricted-imports replaces an earlier one's, it does not add up).
 */
function layer(files, folders, why, { ignores = [], browser = false } = {}) {
  const list = Array.isArray(files) ? files : [files];
  const layering = { regex: `^(\\.\\./)+(${folders.join("|")})(/|$)`, message: `layering: ${why} (CONVENTIONS.md 13).` };
  const imports = (patterns) => ({ "no-restricted-imports": ["error", { patterns }] });
  if (!browser) return { files: list, ignores, rules: imports([layering]) };
  const nodeSide = NODE_SIDE.filter((file) => list.some((glob) => file.startsWith(glob.replace("**/*.ts", ""))));
  const blocks = [
    {
      files: list,
      ignores: [...ignores, ...nodeSide],
      rules: { ...imports([layering, NODE_MODULE]), "no-restricted-globals": ["error", { name: "process", message: BROWSER_WHY }] },
    },
  ];
  if (nodeSide.length > 0) blocks.push({ files: nodeSide, rules: imports([layering]) });
  return blocks;
}
