// Finds the rule for a parsed syslog record: dispatch by program first, then the program's regexes.
import type { SyslogRecord } from "./syslog-record.js";
import type { CompiledRule } from "./rule-set.js";

export interface RuleMatch {
  readonly rule: CompiledRule;
  readonly groups: Readonly<Record<string, string | undefined>>;
  /** The MSG text the rule was matched against. */
  readonly body: string;
}

/**
 * The longest message text (in UTF-16 code units) handed to the rules. Real security events are
 * a few hundred characters; a longer message is skipped with SKIP_TOO_LONG rather than matched,
 * so a rule file with an ill-made pattern (a user's) costs at most a bounded amount per line.
 */
export const MAX_RULE_INPUT = 8192;

// `.` stops at these, so a `\r` mid-message makes a trailing `.*$` fail after a long scan (and
// an earlier wildcard retry it at every split). They are shown as spaces to the rules.
const LINE_TERMINATORS = /[\n\r\u2028\u2029]/g;

/** The message as the rules see it: trailing blanks cut, line terminators turned to spaces. */
export function ruleInput(message: string): string {
  // Trailing blanks (loghub, CRLF leftovers, "denied ") would defeat patterns anchored with `$`.
  const trimmed = message.trimEnd();
  return trimmed.replace(LINE_TERMINATORS, " ");
}

// Solaris prefixes messages with a message ID: "[ID 800047 auth.notice] Failed none for root ...".
const SOLARIS_ID = /^\[ID \d{1,10} [a-z0-9]{1,12}\.[a-z]{1,8}\] /;

/**
 * The names a record is dispatched under, most specific first: the program (`postfix/smtpd`), its
 * family (`postfix`), an old-style subsystem (`pam_unix` of `sshd(pam_unix)`), and a PAM module
 * that prefixes the message (`pam_unix(sshd:auth): ...`).
 */
export function dispatchKeys(record: SyslogRecord, body: string): string[] {
  const keys: string[] = [];
  const program = record.program;
  if (program !== undefined) {
    keys.push(program);
    const slash = program.indexOf("/");
    if (slash > 0) keys.push(program.slice(0, slash));
  }
  if (record.subsystem !== undefined) keys.push(record.subsystem);
  if (body.startsWith("pam_")) {
    const paren = body.indexOf("(");
    if (paren > 4 && paren < 40) keys.push(body.slice(0, paren));
  }
  return keys;
}

export class RuleEngine {
  private readonly byProgram = new Map<string, CompiledRule[]>();
  readonly rules: readonly CompiledRule[];

  /** `rules` in priority order (the first rule that matches wins); `disabled` lists rule ids. */
  constructor(rules: readonly CompiledRule[], disabled: ReadonlySet<string> = new Set()) {
    this.rules = rules.filter((r) => !disabled.has(r.spec.id));
    for (const rule of this.rules) {
      for (const program of rule.spec.programs) {
        let list = this.byProgram.get(program);
        if (list === undefined) {
          list = [];
          this.byProgram.set(program, list);
        }
        list.push(rule);
      }
    }
  }

  /**
   * The first rule, across the record's dispatch keys, whose pattern matches the message; none
   * for a message longer than MAX_RULE_INPUT (the converter counts those as SKIP_TOO_LONG).
   */
  match(record: SyslogRecord): RuleMatch | undefined {
    if (record.message.length > MAX_RULE_INPUT) return undefined;
    let body = ruleInput(record.message);
    if (body.startsWith("[ID ")) {
      const id = SOLARIS_ID.exec(body);
      if (id !== null) body = body.slice(id[0].length);
    }
    const keys = dispatchKeys(record, body);
    for (let k = 0; k < keys.length; k++) {
      const list = this.byProgram.get(keys[k]!);
      if (list === undefined) continue;
      for (const rule of list) {
        if (rule.prefix !== "" && !body.startsWith(rule.prefix)) continue;
        if (rule.spec.requires !== undefined && !body.includes(rule.spec.requires)) continue;
        const m = rule.regex.exec(body);
        if (m !== null) return { rule, groups: m.groups ?? {}, body };
      }
    }
    return undefined;
  }

  /** The program names that have rules (for docs and detection). */
  programs(): string[] {
    return [...this.byProgram.keys()].sort();
  }
}
