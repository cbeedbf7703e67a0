// Lint config: the recommended JS and TypeScript rules, no type-aware rules (they would double the
// test time on the 2-core CI machines for little gain over `tsc --noEmit` with the strict flags).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "build/", "node_modules/", "plugins/*/node_modules/", "coverage/", "src/core/generated/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: "readonly", console: "readonly", Buffer: "readonly", URL: "readonly", setTimeout: "readonly", clearTimeout: "readonly", setInterval: "readonly", clearInterval: "readonly", setImmediate: "readonly", AbortController: "readonly", TextDecoder: "readonly", TextEncoder: "readonly", structuredClone: "readonly", queueMicrotask: "readonly", performance: "readonly", fetch: "readonly", AbortSignal: "readonly" },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
      "no-control-regex": "off"
    },
  },
  // Layering (CONVENTIONS.md 13), checked rather than hoped for: core imports nothing above it;
  // converters import only the contract and core; the framework nothing of the CLI or the
  // converters; nothing imports the CLI.
  layer("src/core/**/*.ts", ["framework", "converters", "cli", "io", "transport", "testing"], "core imports nothing above it"),
  layer("src/converters/**/*.ts", ["framework", "cli", "io", "transport", "testing"], "a converter imports only the contract (core/converter.ts) and core"),
  layer("src/framework/**/*.ts", ["cli", "converters", "testing"], "the framework knows no converter and no CLI: they are handed to it"),
  // io/follow/convert-follow.ts is CLI code awaiting its move to src/cli (issue 12).
  layer(["src/io/**/*.ts", "src/transport/**/*.ts", "src/testing/**/*.ts"], ["cli"], "nothing imports the CLI", ["src/io/follow/convert-follow.ts"]),
);

/** A lint block forbidding relative imports into the named top-level folders of src/. */
function layer(files, folders, why, ignores = []) {
  return {
    files: Array.isArray(files) ? files : [files],
    ignores,
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ regex: `^(\\.\\./)+(${folders.join("|")})(/|$)`, message: `layering: ${why} (CONVENTIONS.md 13).` }] },
      ],
    },
  };
}
