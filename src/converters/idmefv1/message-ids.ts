// IDs of converted messages: the IDMEF v1 messageid when it is a UUID, else a stable UUID v5.
import { isUuid, uuidV5 } from "../../core/ids.js";
import { sha256Hex } from "../../core/platform.js";

/** The UUID v5 of `name` in the library's namespace (core's `uuidV5`, which is one-shot too). */
export function nameUuid(name: string): string {
  return uuidV5(name);
}

/**
 * RFC 4765 3.2.9: a message is identified by the couple (analyzerid, messageid). A non-UUID couple
 * becomes the UUID v5 of the JSON text `["<analyzerid>","<messageid>"]` (library namespace), so the
 * same alert gets the same ID on every run, and an alertident in a CorrelationAlert or ToolAlert
 * (same couple) derives the same ID: links survive conversion.
 */
export function messageIdFor(analyzerid: string, messageid: string): string {
  return isUuid(messageid) ? messageid.toLowerCase() : nameUuid(JSON.stringify([analyzerid, messageid]));
}

/**
 * The ID of an alert whose couple cannot identify it: a messageid with no analyzerid (libraries
 * that count from 1 on every run reuse them). The UUID v5 then also covers the CreateTime and the
 * whole element as parsed (which holds every attribute, text and child), so different alerts get
 * different IDs while the same alert converted again gets the same one.
 */
export function contentIdName(messageid: string, createTime: string, element: unknown): string {
  const content = sha256Hex(JSON.stringify(element));
  return JSON.stringify(["idmefv1-content", messageid, createTime, content]);
}

/** Remembered names per run; past this many the memory is cleared (exact repeats are rare). */
const MAX_REMEMBERED_NAMES = 65536;

/**
 * Per-run state: the same content-derived name seen again in one run (an alert repeated byte for
 * byte) gets a counter appended, so two messages of one run never share an ID; a second run over
 * the same file counts the same way and so gives the same IDs.
 */
export function repeatCounter(): (name: string) => string {
  const seen = new Map<string, number>();
  return (name) => {
    const count = (seen.get(name) ?? 0) + 1;
    if (seen.size >= MAX_REMEMBERED_NAMES && count === 1) seen.clear();
    seen.set(name, count);
    return nameUuid(count === 1 ? name : `${name}#${count}`);
  };
}
