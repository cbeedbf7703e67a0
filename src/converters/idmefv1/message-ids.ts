// IDs of converted messages: the IDMEF v1 messageid when it is a UUID, else a stable UUID v5.
import { isUuid, uuidV5 } from "../../core/ids.js";

/**
 * RFC 4765 3.2.9: a message is identified by the couple (analyzerid, messageid). A non-UUID couple
 * becomes the UUID v5 of the JSON text `["<analyzerid>","<messageid>"]` (library namespace), so the
 * same alert gets the same ID on every run, and an alertident in a CorrelationAlert or ToolAlert
 * (same couple) derives the same ID: links survive conversion.
 */
export function messageIdFor(analyzerid: string, messageid: string): string {
  return isUuid(messageid) ? messageid.toLowerCase() : uuidV5(JSON.stringify([analyzerid, messageid]));
}
