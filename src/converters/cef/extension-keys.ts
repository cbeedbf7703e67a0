// CEF extension keys -> IDMEFv2 places, as data (docs/mapping-cef.md lists the same table).
// Both spellings of each key the specification defines: the short one senders use on the wire
// ("src") and the full dictionary name ("sourceAddress").
import type { EventKeyTable, LabelledKeys } from "./event-slots.js";

export const CefExtensionKeys: EventKeyTable = {
  src: "Source.IP",
  sourceAddress: "Source.IP",
  shost: "Source.Hostname",
  sourceHostName: "Source.Hostname",
  spt: "Source.Port",
  sourcePort: "Source.Port",
  suser: "Source.User",
  sourceUserName: "Source.User",
  dst: "Target.IP",
  destinationAddress: "Target.IP",
  dhost: "Target.Hostname",
  destinationHostName: "Target.Hostname",
  dpt: "Target.Port",
  destinationPort: "Target.Port",
  duser: "Target.User",
  destinationUserName: "Target.User",
  proto: "Protocol",
  transportProtocol: "Protocol",
  app: "Service",
  applicationProtocol: "Service",
  dvc: "Analyzer.IP",
  deviceAddress: "Analyzer.IP",
  dvchost: "Analyzer.Hostname",
  deviceHostName: "Analyzer.Hostname",
  rt: "CreateTime",
  deviceReceiptTime: "CreateTime",
  start: "StartTime",
  startTime: "StartTime",
  end: "EndTime",
  endTime: "EndTime",
  cat: "Category",
  deviceEventCategory: "Category",
  externalId: "ExternalId",
  fname: "File.Name",
  fileName: "File.Name",
  filePath: "File.Path",
  fsize: "File.Size",
  fileSize: "File.Size",
  fileHash: "File.Hash",
  request: "Request.URL",
  requestURL: "Request.URL",
  requestMethod: "Request.Method",
};

/**
 * The custom field families of the CEF dictionary, short and full names: a family name then the
 * field's number. The specification numbers cs1-cs6, cn1-cn3 ..., but senders go on (Imperva
 * Incapsula writes cs7-cs9 with their labels), so any number is taken.
 */
const CUSTOM_FIELD_FAMILIES: readonly string[] = [
  "cs",
  "cn",
  "cfp",
  "c6a",
  "flexString",
  "flexNumber",
  "flexDate",
  "deviceCustomString",
  "deviceCustomNumber",
  "deviceCustomFloatingPoint",
  "deviceCustomIPv6Address",
  "deviceCustomDate",
];

function isDigits(text: string, from: number): boolean {
  if (from >= text.length || text.length - from > 3) return false;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * The custom fields that come with a label key (`cs1` with `cs1Label`): in the Note they are
 * written under their label, so "cs2Label=Protected cs2=UNPROTECTED" reads "Protected: UNPROTECTED".
 * `cnt` (the event count) has a label key too.
 */
export const CefLabelledKeys: LabelledKeys = {
  size: CUSTOM_FIELD_FAMILIES.length + 1,
  has(key: string): boolean {
    if (key === "cnt") return true;
    // Cheap refusals first (this runs for every Note key): a family's first letter is c, d or f,
    // and the key ends in a digit.
    const first = key.charCodeAt(0);
    const last = key.charCodeAt(key.length - 1);
    if ((first !== 99 && first !== 100 && first !== 102) || last < 48 || last > 57) return false;
    for (const family of CUSTOM_FIELD_FAMILIES) if (key.startsWith(family) && isDigits(key, family.length)) return true;
    return false;
  },
};
