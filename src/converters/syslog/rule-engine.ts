// Finds the rule for a parsed syslog record: dispatch by program first, then the program's regexes.
import type { SyslogRecord } from "./syslog-record.js";
import type { CompiledRule } from "./rule-set.js";
import type { CompiledLogFormat } from "./logformat.js";
import { LogFormatSet } from "./applog-parse.js";

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

/** Whether `text` holds a line terminator: four searches for one character cost less than one regex test. */
function hasLineTerminator(text: string): boolean {
  return text.indexOf("\r") >= 0 || text.indexOf("\n") >= 0 || text.indexOf("\u2028") >= 0 || text.indexOf("\u2029") >= 0;
}

/** The message as the rules see it: trailing blanks cut, line terminators turned to spaces. */
export function ruleInput(message: string): string {
  // Trailing blanks (loghub, CRLF leftovers, "denied ") would defeat patterns anchored with `$`.
  const trimmed = message.trimEnd();
  // Most messages hold none: a test costs less than a global replace that finds nothing.
  return hasLineTerminator(trimmed) ? trimmed.replace(LINE_TERMINATORS, " ") : trimmed;
}

// Solaris prefixes messages with a message ID: "[ID 800047 auth.notice] Failed none for root ...".
const SOLARIS_ID = /^\[ID \d{1,10} [a-z0-9]{1,12}\.[a-z]{1,8}\] /;

/** Dovecot's processes that may log under their own tag (`imap-login:`, `auth-worker(12):`). */
const DOVECOT_TAGS = new Set(["imap-login", "pop3-login", "managesieve-login", "submission-login", "auth", "auth-worker"]);
// Dovecot's own log file writes a level after the process name; syslog does not.
const DOVECOT_LEVEL = /^(?:Info|Warning|Error|Fatal|Panic|Debug): /;

/** The end of the PAM module name that starts `body` (`pam_x` before '(', '[' or ':'), or -1. */
function pamModuleEnd(body: string): number {
  for (let i = 4; i < body.length && i < 40; i++) {
    const c = body.charCodeAt(i);
    if (c === 40 || c === 91 || c === 58) return i > 4 ? i : -1; // '(' '[' ':'
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95)) return -1;
  }
  return -1;
}

/**
 * Calls `visit` with each dispatch key of a record and the message text the key's rules see, most
 * specific first, until it answers something: the program (`postfix/smtpd`), the same without a
 * postfix instance name (`postfix-in/smtpd` and `postfix/submission/smtpd` give `postfix/smtpd`),
 * its family (`postfix`), an old-style subsystem (`pam_unix` of `sshd(pam_unix)`), a PAM module
 * that prefixes the message (`pam_unix(sshd:auth): ...`), then Dovecot's own process tags as its
 * rules see them. No array or object per record: this runs for every line.
 */
function firstCandidate<T>(record: SyslogRecord, body: string, visit: (key: string, body: string) => T | undefined): T | undefined {
  let found: T | undefined;
  const program = record.program;
  if (program !== undefined) {
    if ((found = visit(program, body)) !== undefined) return found;
    const slash = program.indexOf("/");
    if (slash > 0) {
      const family = program.slice(0, slash);
      const last = program.slice(program.lastIndexOf("/") + 1);
      const cut = family.search(/[-_]/);
      const base = cut > 0 ? family.slice(0, cut) : family;
      const plain = `${base}/${last}`;
      if (plain !== program && (found = visit(plain, body)) !== undefined) return found;
      if ((found = visit(family, body)) !== undefined) return found;
      if (base !== family && (found = visit(base, body)) !== undefined) return found;
    }
  }
  if (record.subsystem !== undefined && (found = visit(record.subsystem, body)) !== undefined) return found;
  if (body.startsWith("pam_")) {
    // `pam_unix(sshd:auth): ...`; also `pam_krb5[12]: ...` and `pam_ldap: ...` (modules that log
    // under their own name).
    const end = pamModuleEnd(body);
    if (end > 0 && (found = visit(body.slice(0, end), body)) !== undefined) return found;
  } else if (body.startsWith("(pam_unix) ")) {
    // Linux-PAM 0.7x: `vsftpd[1]: (pam_unix) authentication failure; ...`, the module in the message.
    if ((found = visit("pam_unix", body)) !== undefined) return found;
  }
  if (program !== undefined && DOVECOT_TAGS.has(program)) {
    // `imap-login: Disconnected ...` is what Dovecot's rules see under syslog's `dovecot:` tag.
    const tag = record.subsystem === undefined ? program : `${program}(${record.subsystem})`;
    const level = DOVECOT_LEVEL.exec(body);
    return visit("dovecot", `${tag}: ${level === null ? body : body.slice(level[0].length)}`);
  }
  if (program === "dovecot" && body.length > 12) {
    // `dovecot: imap-login: Info: ...` (log file lines relayed to syslog): the level goes.
    const colon = body.indexOf(": ");
    if (colon > 0 && colon < 40) {
      const level = DOVECOT_LEVEL.exec(body.slice(colon + 2));
      if (level !== null) return visit("dovecot", body.slice(0, colon + 2) + body.slice(colon + 2 + level[0].length));
    }
  }
  return undefined;
}

/**
 * The rules of one dispatch key, in priority order, also split by the first character a message
 * must have: a rule can only match a message that starts with one of its pattern's possible first
 * characters (first-chars.ts: `^(?:error: )?Received ...` needs 'e' or 'R'), so each message is
 * tried only against the rules that can match it (those that may start with anything, and those
 * whose set holds its first character), in the same order.
 */
export class KeyRules {
  readonly all: CompiledRule[] = [];
  private byFirst: Map<number, readonly CompiledRule[]> | undefined;
  /** The same for the ASCII first characters, as an array: a Map lookup per line costs more. */
  private byAscii: (readonly CompiledRule[])[] = [];
  /** The rules that may match a message starting with any character. */
  private anyStart: readonly CompiledRule[] = [];

  add(rule: CompiledRule): void {
    this.all.push(rule);
    this.byFirst = undefined;
  }

  /** The rules that may match `text`, in priority order. */
  candidates(text: string): readonly CompiledRule[] {
    const byFirst = this.byFirst ?? this.split();
    const c = text.charCodeAt(0);
    if (c < 128) return this.byAscii[c]!;
    return byFirst.get(c) ?? this.anyStart;
  }

  private split(): Map<number, readonly CompiledRule[]> {
    const firsts = new Set<number>();
    for (const rule of this.all) if (rule.firstChars !== undefined) for (const c of rule.firstChars) firsts.add(c);
    const byFirst = new Map<number, readonly CompiledRule[]>();
    for (const c of firsts)
      byFirst.set(
        c,
        this.all.filter((r) => r.firstChars === undefined || r.firstChars.has(c)),
      );
    this.anyStart = this.all.filter((r) => r.firstChars === undefined);
    this.byAscii = Array.from({ length: 128 }, (_, c) => byFirst.get(c) ?? this.anyStart);
    this.byFirst = byFirst;
    return byFirst;
  }
}

export class RuleEngine {
  private readonly byProgram = new Map<string, KeyRules>();
  private readonly known = new Map<string, boolean>();
  readonly rules: readonly CompiledRule[];

  /** The programs' own log formats that go with these rules (applog, and prefixes in syslog). */
  readonly formats: LogFormatSet;

  /** `rules` in priority order (the first rule that matches wins); `disabled` lists rule ids. */
  constructor(rules: readonly CompiledRule[], disabled: ReadonlySet<string> = new Set(), formats: readonly CompiledLogFormat[] = []) {
    this.formats = new LogFormatSet(formats);
    this.rules = rules.filter((r) => !disabled.has(r.spec.id));
    for (const rule of this.rules) {
      for (const program of rule.spec.programs) {
        let list = this.byProgram.get(program);
        if (list === undefined) {
          list = new KeyRules();
          this.byProgram.set(program, list);
        }
        list.add(rule);
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
    return firstCandidate(record, body, this.tryKey);
  }

  /** The first rule of one dispatch key that matches `text` (made once: no closure per line). */
  private readonly tryKey = (key: string, text: string): RuleMatch | undefined => {
    const list = this.byProgram.get(key);
    return list === undefined ? undefined : this.tryRules(list.candidates(text), text);
  };

  private tryRules(list: readonly CompiledRule[], text: string): RuleMatch | undefined {
    for (let i = 0; i < list.length; i++) {
      const rule = list[i]!;
      if (rule.prefix !== "") {
        if (!text.startsWith(rule.prefix)) continue;
      } else if (rule.literal !== "" && !text.includes(rule.literal)) continue;
      if (rule.spec.requires !== undefined && !text.includes(rule.spec.requires)) continue;
      const m = rule.regex.exec(text);
      if (m !== null) return { rule, groups: m.groups ?? {}, body: text };
    }
    return undefined;
  }

  /** True when some rule is dispatched under one of the record's names. */
  knows(record: SyslogRecord): boolean {
    const program = record.program;
    if (
      program !== undefined &&
      record.subsystem === undefined &&
      !record.message.startsWith("pam_") &&
      !record.message.startsWith("(pam_unix) ")
    ) {
      let known = this.known.get(program);
      if (known === undefined) {
        known = firstCandidate(record, record.message, this.hasKey) === true;
        if (this.known.size > 10_000) this.known.clear();
        this.known.set(program, known);
      }
      return known;
    }
    return firstCandidate(record, record.message, this.hasKey) === true;
  }

  private readonly hasKey = (key: string): true | undefined => (this.byProgram.has(key) ? true : undefined);

  /** The program names that have rules (for docs and detection). */
  programs(): string[] {
    return [...this.byProgram.keys()].sort();
  }
}
