// Configuration discovery (cosmiconfig, module name "idmefv2") and the registry it gives: built-ins
// first, then plugins, then declarative mappings, in config order; a later format name wins.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { cosmiconfig } from "cosmiconfig";
import type { Converter } from "../core/converter.js";
import { IdmefError } from "../core/errors.js";
import { defaultsProblem } from "../core/translate/defaults.js";
import { isKnownVersion, KNOWN_VERSIONS, type IdmefVersion } from "../core/versions.js";
import { untrustedFileReason, untrustedReason } from "./config-trust.js";
import { loadMappingFile } from "./mappings/load.js";
import { pluginShapeProblems } from "./plugin-shape.js";
import { FormatRegistry } from "./registry.js";

/** The configuration file's content, checked. */
export interface IdmefConfig {
  /** npm package names, or paths relative to the config file's folder. */
  readonly plugins: readonly string[];
  /** Declarative mapping files (JSON or YAML), relative to the config file's folder. */
  readonly mappings: readonly string[];
  /** Options per format name: `options.suricata = {...}`. */
  readonly options: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Default target version. */
  readonly version?: IdmefVersion;
  /**
   * Fields filled in wherever a message lacks them, e.g. `{"Analyzer": {"IP": "192.0.2.10"}}`:
   * a site's own name and addresses, and what an older target draft requires (docs/mapping-drafts.md).
   */
  readonly defaults?: Readonly<Record<string, unknown>>;
  /**
   * The files `convert --follow` reads when given none, each pattern with its format:
   * `[{"files": "/var/log/suricata/eve.json", "from": "suricata"}, {"files": "/var/log/*.log", "from": "syslog"}]`.
   * A followed file takes the format of the first entry whose pattern matches it (for files given on
   * the command line too); `--from` beats it, and files no entry matches are detected.
   */
  readonly follow?: readonly FollowSource[];
}

/** One `follow` entry of the config: a file or a file-name pattern, and its format. */
export interface FollowSource {
  /** An absolute path (a relative one in the config resolves from the config file's folder). */
  readonly files: string;
  readonly from: string;
  /** Where it was written, for errors about it: `follow[1]`. */
  readonly place: string;
}

export interface LoadedConfig {
  readonly config: IdmefConfig;
  /** The file it came from; undefined when none was found. */
  readonly filepath: string | undefined;
  /** Where relative plugin and mapping paths resolve from. */
  readonly baseDir: string;
}

export const CONFIG_SEARCH_PLACES = [
  "package.json",
  ".idmefv2rc",
  ".idmefv2rc.json",
  ".idmefv2rc.yaml",
  ".idmefv2rc.yml",
  ".idmefv2rc.js",
  ".idmefv2rc.mjs",
  ".idmefv2rc.cjs",
  "idmefv2.config.js",
  "idmefv2.config.mjs",
  "idmefv2.config.cjs",
] as const;

const EMPTY_CONFIG: IdmefConfig = { plugins: [], mappings: [], options: {} };
const CONFIG_KEYS = new Set(["plugins", "mappings", "options", "version", "defaults", "follow"]);

/** File names looked for in the user's own config folder (`$XDG_CONFIG_HOME/idmefv2`, else `~/.config/idmefv2`). */
export const USER_CONFIG_NAMES = ["config.json", "config.yaml", "config.yml", "config.js", "config.mjs", "config.cjs"] as const;

export interface LoadConfigOptions {
  /** Where the search starts (default: the current directory). */
  readonly cwd?: string;
  /** An explicit config file (`--config FILE`): no search. */
  readonly configFile?: string;
  /** No config at all (`--no-config`): built-ins only, default options. */
  readonly noConfig?: boolean;
  /** The home folder, which bounds the search (default: os.homedir()). */
  readonly home?: string;
  /** The user's config folder (default: $XDG_CONFIG_HOME/idmefv2, else <home>/.config/idmefv2). */
  readonly userConfigDir?: string;
}

const CODE_CONFIG = /\.(?:c|m)?js$/;

/**
 * The config file the search finds, or undefined. It looks in the current folder and its parents
 * up to the nearest project root (a folder with package.json or .git) or the home folder, and
 * stops before any folder that is not trusted (another user's, or writable by others: /tmp);
 * without a hit, in the user's config folder. Never above: a config in a parent folder someone
 * else controls would run their plugins as you.
 */
export function findConfigFile(options: LoadConfigOptions = {}): string | undefined {
  const cwd = resolve(options.cwd ?? process.cwd());
  const home = resolve(options.home ?? homedir());
  for (let dir = cwd; ; dir = dirname(dir)) {
    if (untrustedReason(dir) !== undefined) break;
    for (const name of CONFIG_SEARCH_PLACES) {
      const path = join(dir, name);
      if (!existsSync(path)) continue;
      if (name === "package.json" && !hasIdmefv2Key(path)) continue;
      if (untrustedReason(path) !== undefined) continue;
      return path;
    }
    const projectRoot = existsSync(join(dir, "package.json")) || existsSync(join(dir, ".git"));
    if (projectRoot || dir === home || dirname(dir) === dir) break;
  }
  const userDir = options.userConfigDir ?? join(process.env["XDG_CONFIG_HOME"] ?? join(home, ".config"), "idmefv2");
  if (untrustedReason(userDir) !== undefined) return undefined;
  for (const name of USER_CONFIG_NAMES) {
    const path = join(userDir, name);
    if (existsSync(path) && untrustedReason(path) === undefined) return path;
  }
  return undefined;
}

function hasIdmefv2Key(path: string): boolean {
  try {
    const pkg = JSON.parse(readFileSync(path, "utf8")) as unknown;
    return pkg !== null && typeof pkg === "object" && Object.hasOwn(pkg, "idmefv2");
  } catch {
    return false; // A broken package.json is npm's problem, not a config.
  }
}

/** Finds and checks the configuration; an IdmefError "CONFIG_ERROR" names the file and the problem. */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const cwd = resolve(options.cwd ?? process.cwd());
  if (options.noConfig === true) return { config: EMPTY_CONFIG, filepath: undefined, baseDir: cwd };
  const explorer = cosmiconfig("idmefv2", { searchPlaces: [...CONFIG_SEARCH_PLACES], cache: false });
  let path: string | undefined;
  if (options.configFile !== undefined) {
    path = resolve(cwd, options.configFile);
    if (!existsSync(path)) throw new IdmefError("CONFIG_ERROR", `config file ${path} does not exist`);
    // Named by the user, so data is read from anywhere; code only from a trusted place.
    const untrusted = CODE_CONFIG.test(path) ? untrustedFileReason(path) : undefined;
    if (untrusted !== undefined) {
      throw new IdmefError(
        "CONFIG_ERROR",
        `${path}: not loaded: ${untrusted}, and a JS config runs as you; move it somewhere only you can write, or use a JSON/YAML config`,
      );
    }
  } else {
    path = findConfigFile(options);
  }
  if (path === undefined) return { config: EMPTY_CONFIG, filepath: undefined, baseDir: cwd };
  const file = path;
  const result = await explorer.load(file).catch((error: unknown) => {
    throw new IdmefError("CONFIG_ERROR", `${file}: cannot be read: ${errorText(error)}`, { cause: error });
  });
  if (result === null) return { config: EMPTY_CONFIG, filepath: undefined, baseDir: cwd };
  const raw = (result.config as { default?: unknown } | null)?.default ?? result.config;
  return { config: checkConfig(raw ?? {}, result.filepath), filepath: result.filepath, baseDir: dirname(result.filepath) };
}

function checkConfig(raw: unknown, filepath: string): IdmefConfig {
  const fail = (what: string): never => {
    throw new IdmefError("CONFIG_ERROR", `${filepath}: ${what}`);
  };
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return fail("the configuration must be an object");
  const config = raw as Record<string, unknown>;
  for (const key of Object.keys(config)) {
    if (!CONFIG_KEYS.has(key)) fail(`unknown key "${key}": the keys are plugins, mappings, options, version, defaults and follow`);
  }
  const strings = (key: "plugins" | "mappings"): string[] => {
    const value = config[key];
    if (value === undefined) return [];
    if (!Array.isArray(value) || !value.every((item) => typeof item === "string" && item !== "")) {
      return fail(`"${key}" must be an array of non-empty strings (package names or paths)`);
    }
    return value as string[];
  };
  const options = config["options"] ?? {};
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    fail('"options" must be an object of { <format>: { ...options } }');
  }
  for (const [format, value] of Object.entries(options as Record<string, unknown>)) {
    if (value === null || typeof value !== "object" || Array.isArray(value)) fail(`"options.${format}" must be an object`);
  }
  const version = config["version"];
  if (version !== undefined && !isKnownVersion(version)) {
    fail(`"version" ${JSON.stringify(version)} is not a known IDMEFv2 version: use one of ${KNOWN_VERSIONS.join(", ")}`);
  }
  const defaults = config["defaults"];
  const defaultsWrong = defaultsProblem(defaults);
  if (defaultsWrong !== undefined) fail(defaultsWrong);
  const follow = config["follow"] === undefined ? undefined : followSources(config["follow"], dirname(filepath), fail);
  return {
    plugins: strings("plugins"),
    mappings: strings("mappings"),
    options: options as Record<string, Record<string, unknown>>,
    ...(version !== undefined ? { version: version as IdmefVersion } : {}),
    ...(defaults !== undefined ? { defaults: defaults as Record<string, unknown> } : {}),
    ...(follow !== undefined ? { follow } : {}),
  };
}

const FOLLOW_EXAMPLE = '[{"files": "/var/log/*.log", "from": "syslog"}]';

/** The `follow` entries, checked for shape; whether each format exists is known once the registry is built. */
function followSources(value: unknown, baseDir: string, fail: (what: string) => never): FollowSource[] {
  if (!Array.isArray(value))
    return fail(`"follow" must be an array of { "files": <path or pattern>, "from": <format> }, e.g. ${FOLLOW_EXAMPLE}`);
  return value.map((entry: unknown, index) => {
    const place = `follow[${index}]`;
    if (entry === null || typeof entry !== "object" || Array.isArray(entry))
      return fail(`"${place}" must be an object, e.g. ${FOLLOW_EXAMPLE}`);
    const fields = entry as Record<string, unknown>;
    for (const key of Object.keys(fields)) {
      if (key !== "files" && key !== "from") fail(`"${place}": unknown key "${key}": an entry has "files" and "from"`);
    }
    const { files, from } = fields;
    if (typeof files !== "string" || files === "") fail(`"${place}.files" must be a path or a pattern such as "/var/log/*.log"`);
    if (typeof from !== "string" || from === "") fail(`"${place}.from" must be a format name (idmefv2 formats lists them)`);
    if (/[*?]/.test(dirname(files as string)))
      fail(`"${place}.files" ${JSON.stringify(files)}: only the file name may hold * or ? (not the folders)`);
    return { files: resolve(baseDir, files as string), from: from as string, place };
  });
}

/** Builds the registry: built-ins, then each plugin's converters, then each mapping. */
export async function buildRegistry(loaded: LoadedConfig, builtins: readonly Converter[]): Promise<FormatRegistry> {
  const registry = new FormatRegistry();
  registry.registerAll(builtins, { kind: "builtin" });
  for (const spec of loaded.config.plugins) {
    const { plugin, path } = await loadPlugin(spec, loaded.baseDir);
    registry.registerAll(plugin.converters, { kind: "plugin", plugin: plugin.name, path });
  }
  for (const spec of loaded.config.mappings) {
    const path = resolve(loaded.baseDir, spec);
    registry.register(loadMappingFile(path), { kind: "mapping", path });
  }
  return registry;
}

/** Imports one plugin by package name, relative or absolute path, or file URL, and checks it. */
export async function loadPlugin(
  spec: string,
  baseDir: string,
): Promise<{ plugin: { name: string; converters: readonly Converter[] }; path: string }> {
  const path = resolvePluginPath(spec, baseDir);
  const fail = (what: string, cause?: unknown): never => {
    throw new IdmefError("PLUGIN_ERROR", `plugin "${spec}" (${path}): ${what}`, cause === undefined ? {} : { cause });
  };
  const untrusted = untrustedFileReason(path);
  if (untrusted !== undefined)
    fail(`not loaded: ${untrusted}, and a plugin runs as you; install it somewhere only you (or root) can write`);
  let mod: unknown;
  try {
    mod = await import(pathToFileURL(path).href);
  } catch (error) {
    return fail(`cannot be loaded: ${errorText(error)}`, error);
  }
  const exported = (mod as { default?: unknown }).default ?? mod;
  const problems = pluginShapeProblems(exported);
  if (problems.length > 0) return fail(`is not a valid idmefv2 plugin: ${problems.join("; ")}`);
  return { plugin: exported as { name: string; converters: readonly Converter[] }, path };
}

function resolvePluginPath(spec: string, baseDir: string): string {
  if (spec.startsWith("file:")) return new URL(spec).pathname;
  if (isAbsolute(spec)) return existsSync(join(spec, "package.json")) ? packageEntry(spec) : spec;
  if (spec.startsWith("./") || spec.startsWith("../") || spec === "." || spec === "..") {
    const path = resolve(baseDir, spec);
    if (!existsSync(path)) {
      throw new IdmefError(
        "PLUGIN_ERROR",
        `plugin "${spec}" (${path}): file not found (relative paths resolve from the config file's folder)`,
      );
    }
    // A package folder (e.g. "./plugins/wazuh") loads through its package.json entry, as installed.
    return existsSync(join(path, "package.json")) ? packageEntry(path) : path;
  }
  return resolvePackage(spec, baseDir);
}

/** The ESM entry file of the package in `pkgDir`: its "." export, else module, main, index.js. */
function packageEntry(pkgDir: string): string {
  const manifest = join(pkgDir, "package.json");
  const pkg = JSON.parse(readFileSync(manifest, "utf8")) as { exports?: unknown; module?: string; main?: string };
  const entry = exportEntry(pkg.exports) ?? pkg.module ?? pkg.main ?? "index.js";
  return join(pkgDir, entry);
}

/** Finds an installed package's ESM entry from baseDir upward (require.resolve misses import-only exports). */
function resolvePackage(name: string, baseDir: string): string {
  const require = createRequire(join(baseDir, "noop.js"));
  try {
    return require.resolve(name);
  } catch {
    // Fall through to a manual lookup of node_modules/<name>/package.json.
  }
  for (let dir = baseDir; ; dir = dirname(dir)) {
    const pkgDir = join(dir, "node_modules", name);
    if (existsSync(join(pkgDir, "package.json"))) return packageEntry(pkgDir);
    if (dirname(dir) === dir) break;
  }
  throw new IdmefError(
    "PLUGIN_ERROR",
    `plugin "${name}" (searched node_modules from ${baseDir}): package not found; install it (npm install ${name}) or give a path starting with ./`,
  );
}

function exportEntry(exports: unknown): string | undefined {
  if (typeof exports === "string") return exports;
  if (exports === null || typeof exports !== "object") return undefined;
  const map = exports as Record<string, unknown>;
  const root = "." in map ? map["."] : map;
  if (typeof root === "string") return root;
  if (root !== null && typeof root === "object") {
    const conditions = root as Record<string, unknown>;
    for (const condition of ["import", "default", "node"]) {
      const target = conditions[condition];
      if (typeof target === "string") return target;
      const nested = exportEntry(target);
      if (nested !== undefined) return nested;
    }
  }
  return undefined;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Config discovery and registry in one step: what `convert`, `formats` and `detect` start with. */
export async function loadRegistry(
  options: LoadConfigOptions,
  builtins: readonly Converter[],
): Promise<{ loaded: LoadedConfig; registry: FormatRegistry }> {
  const loaded = await loadConfig(options);
  return { loaded, registry: await buildRegistry(loaded, builtins) };
}
