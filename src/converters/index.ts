// The built-in converters, registered before any plugin (so a plugin may replace one by format name).
import type { Converter } from "../core/converter.js";
import { idmefv1Converter } from "./idmefv1/index.js";
import { suricataConverter } from "./suricata/index.js";
import { syslog } from "./syslog/index.js";
import { applog } from "./applog/index.js";
import { journal } from "./journal/index.js";
import { cefConverter } from "./cef/index.js";
import { leefConverter } from "./leef/index.js";
import { snortConverter } from "./snort/index.js";
import { zeekConverter } from "./zeek/index.js";
import { modSecurityConverter } from "./modsecurity/index.js";
import { ocsfConverter } from "./ocsf/index.js";

export const builtinConverters: readonly Converter[] = [
  idmefv1Converter,
  suricataConverter,
  syslog,
  applog,
  journal,
  zeekConverter,
  modSecurityConverter,
  cefConverter,
  ocsfConverter,
  leefConverter,
  snortConverter,
];
