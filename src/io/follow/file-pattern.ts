// Paths given to `convert --follow`: a literal path, or a folder and a file-name pattern with `*` and `?`.
import { readdirSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

/** True when `name` matches `pattern` (`*`: any run of characters, `?`: one character). */
export function matchesNamePattern(pattern: string, name: string): boolean {
  // Two cursors, and the last `*` to fall back to: linear in practice, no backtracking blow-up.
  let p = 0;
  let n = 0;
  let star = -1;
  let starMatch = 0;
  while (n < name.length) {
    const c = pattern[p];
    if (c === "?" || (c !== undefined && c !== "*" && c === name[n])) {
      p++;
      n++;
    } else if (c === "*") {
      star = p++;
      starMatch = n;
    } else if (star !== -1) {
      p = star + 1;
      n = ++starMatch;
    } else return false;
  }
  while (pattern[p] === "*") p++;
  return p === pattern.length;
}

export function hasWildcard(path: string): boolean {
  return /[*?]/.test(path);
}

/** A file name a pattern's name part takes: a name starting with a dot only by a pattern that does too. */
function takesName(namePattern: string, name: string): boolean {
  return (namePattern.startsWith(".") || !name.startsWith(".")) && matchesNamePattern(namePattern, name);
}

/** True when `pattern` (a path, or a folder and a name pattern) names `path`; both resolve from the current folder. */
export function patternNames(pattern: string, path: string): boolean {
  const wanted = resolve(pattern);
  const file = resolve(path);
  if (!hasWildcard(wanted)) return wanted === file;
  return dirname(wanted) === dirname(file) && takesName(basename(wanted), basename(file));
}

/**
 * The regular files a follow pattern names now, sorted. Only the file name may hold wildcards
 * (`/var/log/*.log`); a name starting with a dot is matched only by a pattern that does too.
 */
export function filesMatching(pattern: string): string[] {
  if (!hasWildcard(pattern)) return isFile(pattern) ? [pattern] : [];
  const folder = dirname(pattern);
  const namePattern = basename(pattern);
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  return names
    .filter((name) => takesName(namePattern, name))
    .sort()
    .map((name) => join(folder, name))
    .filter(isFile);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
