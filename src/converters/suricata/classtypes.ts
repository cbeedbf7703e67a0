// Suricata classtypes (etc/classification.config) with their EVE category text and IDMEFv2 2.D.V08 category.

/**
 * One row per classtype of Suricata's stock classification.config (OISF/suricata
 * etc/classification.config, copied to /work/shared/reference/suricata-classification.config).
 * `text` is what EVE writes in `alert.category`; `priority` is the config's default priority;
 * `category` is the 2.D.V08 category chosen from draft-lehmann-idmefv2-08's definitions, and `why`
 * says why (docs/mapping-suricata.md shows the same table). A test checks that this table and the
 * config file agree row for row and that every category is in the schema's enum.
 */
export const SuricataClasstypeTable = [
  {
    classtype: "not-suspicious",
    text: "Not Suspicious Traffic",
    priority: 3,
    category: "Other.Uncategorised",
    why: "informational rules: no incident category fits",
  },
  {
    classtype: "unknown",
    text: "Unknown Traffic",
    priority: 3,
    category: "Other.Undetermined",
    why: "the rule itself says the nature is unknown",
  },
  {
    classtype: "bad-unknown",
    text: "Potentially Bad Traffic",
    priority: 2,
    category: "Other.Undetermined",
    why: "suspicious, but of no determined kind",
  },
  {
    classtype: "attempted-recon",
    text: "Attempted Information Leak",
    priority: 2,
    category: "Recon.Network",
    why: "probing hosts and services for information",
  },
  {
    classtype: "successful-recon-limited",
    text: "Information Leak",
    priority: 2,
    category: "Recon.Network",
    why: "reconnaissance that obtained information",
  },
  {
    classtype: "successful-recon-largescale",
    text: "Large Scale Information Leak",
    priority: 2,
    category: "Recon.Network",
    why: "reconnaissance that obtained much information",
  },
  {
    classtype: "attempted-dos",
    text: "Attempted Denial of Service",
    priority: 2,
    category: "Availability.DoS",
    why: "making a service unavailable",
  },
  {
    classtype: "successful-dos",
    text: "Denial of Service",
    priority: 2,
    category: "Availability.DoS",
    why: "making a service unavailable",
  },
  {
    classtype: "attempted-user",
    text: "Attempted User Privilege Gain",
    priority: 1,
    category: "Access.Escalation",
    why: "gaining rights beyond those assigned",
  },
  {
    classtype: "unsuccessful-user",
    text: "Unsuccessful User Privilege Gain",
    priority: 1,
    category: "Access.Escalation",
    why: "an attempt at privilege gain",
  },
  {
    classtype: "successful-user",
    text: "Successful User Privilege Gain",
    priority: 1,
    category: "Access.Escalation",
    why: "privilege gain",
  },
  {
    classtype: "attempted-admin",
    text: "Attempted Administrator Privilege Gain",
    priority: 1,
    category: "Access.Escalation",
    why: "gaining administrator rights",
  },
  {
    classtype: "successful-admin",
    text: "Successful Administrator Privilege Gain",
    priority: 1,
    category: "Access.Escalation",
    why: "administrator rights gained",
  },
  {
    classtype: "rpc-portmap-decode",
    text: "Decode of an RPC Query",
    priority: 2,
    category: "Recon.Network",
    why: "portmap queries discover services",
  },
  {
    classtype: "shellcode-detect",
    text: "Executable code was detected",
    priority: 1,
    category: "Malware.Other",
    why: "malicious code in traffic, no finer kind known",
  },
  {
    classtype: "string-detect",
    text: "A suspicious string was detected",
    priority: 3,
    category: "Other.Uncategorised",
    why: "a content match with no incident kind",
  },
  {
    classtype: "suspicious-filename-detect",
    text: "A suspicious filename was detected",
    priority: 2,
    category: "Other.Uncategorised",
    why: "a content match with no incident kind",
  },
  {
    classtype: "suspicious-login",
    text: "An attempted login using a suspicious username was detected",
    priority: 2,
    category: "Access.Compromise",
    why: "credentials guessed or used by someone else",
  },
  {
    classtype: "system-call-detect",
    text: "A system call was detected",
    priority: 2,
    category: "Other.Uncategorised",
    why: "a content match with no incident kind",
  },
  {
    classtype: "tcp-connection",
    text: "A TCP connection was detected",
    priority: 4,
    category: "Other.Uncategorised",
    why: "a connection is not an incident kind",
  },
  {
    classtype: "trojan-activity",
    text: "A Network Trojan was detected",
    priority: 1,
    category: "Malware.Trojan",
    why: "names the malware kind",
  },
  {
    classtype: "unusual-client-port-connection",
    text: "A client was using an unusual port",
    priority: 2,
    category: "Operational.Policy Violation",
    why: "traffic outside the expected (allowed) ports",
  },
  {
    classtype: "network-scan",
    text: "Detection of a Network Scan",
    priority: 3,
    category: "Recon.Network",
    why: "probing a network for hosts and ports",
  },
  {
    classtype: "denial-of-service",
    text: "Detection of a Denial of Service Attack",
    priority: 2,
    category: "Availability.DoS",
    why: "making a service unavailable",
  },
  {
    classtype: "non-standard-protocol",
    text: "Detection of a non-standard protocol or event",
    priority: 2,
    category: "Other.Uncategorised",
    why: "protocol oddity with no incident kind",
  },
  {
    classtype: "protocol-command-decode",
    text: "Generic Protocol Command Decode",
    priority: 3,
    category: "Other.Uncategorised",
    why: "protocol decode with no incident kind",
  },
  {
    classtype: "web-application-activity",
    text: "access to a potentially vulnerable web application",
    priority: 2,
    category: "Recon.Other",
    why: "locating a resource worth attacking",
  },
  {
    classtype: "web-application-attack",
    text: "Web Application Attack",
    priority: 1,
    category: "Access.Other",
    why: "an attempt to get into an application; no exploit category in 2.D.V08",
  },
  { classtype: "misc-activity", text: "Misc activity", priority: 3, category: "Other.Uncategorised", why: "the rule gives no kind" },
  { classtype: "misc-attack", text: "Misc Attack", priority: 2, category: "Other.Uncategorised", why: "the rule gives no kind" },
  {
    classtype: "icmp-event",
    text: "Generic ICMP event",
    priority: 3,
    category: "Other.Uncategorised",
    why: "a packet type, not an incident kind",
  },
  {
    classtype: "inappropriate-content",
    text: "Inappropriate Content was Detected",
    priority: 1,
    category: "Operational.Misuse",
    why: "assets used for unauthorised purposes",
  },
  {
    classtype: "policy-violation",
    text: "Potential Corporate Privacy Violation",
    priority: 1,
    category: "Operational.Policy Violation",
    why: "breaks organisational policy",
  },
  {
    classtype: "default-login-attempt",
    text: "Attempt to login by a default username and password",
    priority: 2,
    category: "Access.Forced",
    why: "systematic guessing of passwords",
  },
  {
    classtype: "targeted-activity",
    text: "Targeted Malicious Activity was Detected",
    priority: 1,
    category: "Other.Uncategorised",
    why: "malicious, but the rule gives no kind",
  },
  {
    classtype: "exploit-kit",
    text: "Exploit Kit Activity Detected",
    priority: 1,
    category: "Malware.Downloader",
    why: "exploit kits are the first stage that installs malware",
  },
  {
    classtype: "external-ip-check",
    text: "Device Retrieving External IP Address Detected",
    priority: 2,
    category: "Recon.Other",
    why: "a host discovering its own public address (malware habit)",
  },
  {
    classtype: "domain-c2",
    text: "Domain Observed Used for C2 Detected",
    priority: 1,
    category: "Malware.Backdoor",
    why: "command and control is remote access to a compromised host",
  },
  {
    classtype: "pup-activity",
    text: "Possibly Unwanted Program Detected",
    priority: 2,
    category: "Malware.Adware",
    why: "unwanted programs are mostly adware",
  },
  {
    classtype: "credential-theft",
    text: "Successful Credential Theft Detected",
    priority: 1,
    category: "Access.Compromise",
    why: "credentials stolen for use by someone else",
  },
  {
    classtype: "social-engineering",
    text: "Possible Social Engineering Attempted",
    priority: 2,
    category: "SocialEng.Other",
    why: "manipulating people; no finer kind known",
  },
  {
    classtype: "coin-mining",
    text: "Crypto Currency Mining Activity Detected",
    priority: 2,
    category: "Malware.Cryptominer",
    why: "names the malware kind",
  },
  {
    classtype: "command-and-control",
    text: "Malware Command and Control Activity Detected",
    priority: 1,
    category: "Malware.Backdoor",
    why: "command and control is remote access to a compromised host",
  },
] as const;

export type SuricataClasstype = (typeof SuricataClasstypeTable)[number];

/** The category for an unknown or empty `alert.category` (spelled as in the 2.D.V08 enum). */
export const UNDETERMINED_CATEGORY = "Other.Undetermined";

const byText = new Map<string, SuricataClasstype>(SuricataClasstypeTable.map((row) => [row.text.toLowerCase(), row]));

/** The classtype row whose classification text EVE wrote in `alert.category` (case-insensitive). */
export function classtypeForCategoryText(text: string): SuricataClasstype | undefined {
  return byText.get(text.trim().toLowerCase());
}
