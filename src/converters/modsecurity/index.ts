// The built-in `modsecurity` converter: ModSecurity's JSON audit log (v3 libmodsecurity, and v2
// with SecAuditLogFormat JSON), one message per transaction that matched rules.
import { defineConverter, type ConvertContext, type DraftMessage } from "../../core/converter.js";
import { uuidV5 } from "../../core/ids.js";
import { parseJsonSafely } from "../../core/safe-json.js";
import { AUDIT_JSON, readAuditEntry } from "./audit-entry.js";
import { auditMessage } from "./audit-message.js";
import { auditTime } from "./audit-time.js";
import { detectModSecurity } from "./detect.js";
import { MODSECURITY_OPTIONS, modSecurityOptions } from "./options.js";

export { CrsAttackTagTable } from "./crs-tags.js";

export const modSecurityConverter = defineConverter({
  format: "modsecurity",
  aliases: ["modsec"],
  description: "ModSecurity JSON audit log (v3, and v2 with SecAuditLogFormat JSON) to IDMEFv2",
  // Lines, parsed here: the audit log's header maps may repeat a key (AUDIT_JSON), which the
  // json-lines framer refuses.
  input: "lines",
  options: MODSECURITY_OPTIONS,
  recordOrder: "independent",
  detect: detectModSecurity,
  setup(values) {
    const options = modSecurityOptions(values);
    const analyzer = { id: uuidV5(`modsecurity-analyzer:${options.analyzer}`), name: options.analyzer };
    return (line: string, ctx: ConvertContext): DraftMessage | null => {
      let value: unknown;
      try {
        const parsed = parseJsonSafely(line, AUDIT_JSON);
        value = parsed.value;
        for (const pointer of parsed.dropped) ctx.warn(`dropped the key at ${pointer}: it could pollute prototypes`);
      } catch (error) {
        return ctx.reject(`invalid JSON: ${(error as Error).message}`);
      }
      const entry = readAuditEntry(value);
      if (entry === undefined)
        return ctx.reject('not a ModSecurity audit log entry: each line must hold one JSON object with a "transaction" object');
      if (entry.hits.length === 0) {
        const place = entry.version === 3 ? "transaction.messages" : "audit_data.messages";
        // A damaged entry is not a quiet one: messages of another type, or none of them readable.
        if (entry.rawHits !== undefined && entry.rawHits !== null && !Array.isArray(entry.rawHits))
          return ctx.reject(`${place} is not a list of rule hits`);
        if (Array.isArray(entry.rawHits) && entry.rawHits.length > 0)
          return ctx.reject(`none of the ${entry.rawHits.length} rule hits in ${place} could be read (no message, no rule id)`);
        // SecAuditEngine On logs every transaction; only those that matched rules are alerts.
        ctx.skip("no rule matched");
        return null;
      }
      const time = auditTime(entry, options.timezone);
      if ("problem" in time) return ctx.reject(time.problem);
      return auditMessage(entry, time.time, ctx, analyzer);
    };
  },
});
