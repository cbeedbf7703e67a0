// CEF extension keys -> IDMEFv2 places, as data (docs/mapping-cef.md lists the same table).
// Both spellings of each key the specification defines: the short one senders use on the wire
// ("src") and the full dictionary name ("sourceAddress").
import type { EventKeyTable } from "./event-slots.js";

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
 * The custom fields that come with a label key (`cs1` with `cs1Label`): in the Note they are
 * written under their label, so "cs2Label=Protected cs2=UNPROTECTED" reads "Protected: UNPROTECTED".
 */
export const CefLabelledKeys: ReadonlyMap<string, string> = new Map(
  [
    ...["cs1", "cs2", "cs3", "cs4", "cs5", "cs6"],
    ...["cn1", "cn2", "cn3", "cfp1", "cfp2", "cfp3", "cfp4", "c6a1", "c6a2", "c6a3", "c6a4"],
    ...["flexString1", "flexString2", "flexNumber1", "flexNumber2", "flexDate1", "deviceCustomDate1", "deviceCustomDate2"],
    "cnt",
  ].map((key) => [key, `${key}Label`]),
);
