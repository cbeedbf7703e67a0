// LEEF predefined attribute keys -> IDMEFv2 places, as data (docs/mapping-leef.md lists the same table).
import type { EventKeyTable } from "../cef/event-slots.js";

export const LeefAttributeKeys: EventKeyTable = {
  src: "Source.IP",
  srcPort: "Source.Port",
  srcName: "Source.Hostname",
  usrName: "Source.User",
  dst: "Target.IP",
  dstPort: "Target.Port",
  dstName: "Target.Hostname",
  proto: "Protocol",
  sev: "Severity",
  cat: "Category",
  devTime: "CreateTime",
  url: "Request.URL",
};
