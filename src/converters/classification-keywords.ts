// Classification text keywords -> IDMEFv2 2.D.V08 Category, as data, shared by the converters that
// map free classification text (idmefv1's Classification/@text, suricata's unknown alert.category).
// Documented in docs/mapping-idmefv1.md (a test holds the two equal) and docs/mapping-suricata.md.

/**
 * Classification text keywords -> Category. Every row whose keyword occurs in the lower-cased text
 * as a whole word (or phrase) adds its category, in table order. More specific rows come first.
 */
// Login and authentication words are phrases of failure or attempt: a bare "login" would also
// catch "Login policy violation" (RFC 4765 7.4), which is no forced access.
export const CLASSIFICATION_KEYWORD_CATEGORIES = [
  { category: "Availability.DDoS", keywords: ["ddos", "distributed denial of service"] },
  {
    category: "Availability.DoS",
    keywords: [
      "dos",
      "denial of service",
      "denial-of-service",
      "teardrop",
      "ping-of-death",
      "ping of death",
      "syn flood",
      "flood",
      "smurf",
      "land attack",
      "winnuke",
    ],
  },
  {
    category: "Recon.Network",
    keywords: [
      "portscan",
      "port scan",
      "portsweep",
      "scan",
      "scans",
      "scanning",
      "scanner",
      "sweep",
      "probe",
      "probing",
      "nmap",
      "fingerprinting",
      "os detection",
    ],
  },
  { category: "Recon.Other", keywords: ["reconnaissance", "recon", "discovery", "whoami", "enumeration"] },
  {
    category: "Access.Forced",
    keywords: [
      "brute force",
      "brute-force",
      "bruteforce",
      "password guessing",
      "password spraying",
      "password spray",
      "credential stuffing",
      "dictionary attack",
      "login attempt",
      "login attempts",
      "attempted login",
      "failed login",
      "login failure",
      "login failed",
      "invalid login",
      "logon attempt",
      "failed logon",
      "logon failure",
      "failed password",
      "invalid password",
      "invalid user",
      "authentication attempt",
      "authentication failure",
      "authentication failed",
      "failed authentication",
      "auth failure",
    ],
  },
  {
    category: "Access.Escalation",
    keywords: [
      "privilege escalation",
      "escalation",
      "superuser",
      "administrative access",
      "root access",
      "race condition",
      "loadmodule",
      "setuid",
    ],
  },
  { category: "Access.Backdoor", keywords: ["backdoor", "back door", "bindshell"] },
  { category: "Access.Compromise", keywords: ["stolen credentials", "credential theft", "account compromise", "compromised account"] },
  { category: "Malware.Worm", keywords: ["worm"] },
  { category: "Malware.Virus", keywords: ["virus"] },
  { category: "Malware.Trojan", keywords: ["trojan"] },
  { category: "Malware.Rootkit", keywords: ["rootkit"] },
  { category: "Malware.Ransomware", keywords: ["ransomware"] },
  { category: "Malware.Spyware", keywords: ["spyware", "keylogger"] },
  { category: "Malware.Adware", keywords: ["adware"] },
  { category: "Malware.Cryptominer", keywords: ["cryptominer", "coinminer", "cryptomining"] },
  { category: "Malware.Other", keywords: ["malware"] },
  { category: "SocialEng.Phishing", keywords: ["phishing"] },
  { category: "Operational.Policy Violation", keywords: ["policy violation", "disallowed", "forbidden service"] },
  { category: "Operational.Misuse", keywords: ["misuse"] },
  { category: "Availability.Misconfiguration", keywords: ["misconfiguration", "misconfigured"] },
  { category: "Theft.Data", keywords: ["exfiltration", "data theft", "data leak"] },
  {
    category: "Access.Other",
    keywords: [
      "buffer overflow",
      "overflow",
      "exploit",
      "shellcode",
      "injection",
      "phf",
      "cgi attack",
      "remote code execution",
      "command execution",
    ],
  },
] as const;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// One regex per row, built once: literal alternatives between non-alphanumeric boundaries.
// No nested quantifiers, so matching stays linear on long classification texts.
const ROWS = CLASSIFICATION_KEYWORD_CATEGORIES.map((row) => ({
  category: row.category as string,
  pattern: new RegExp(`(?:^|[^a-z0-9])(?:${row.keywords.map(escapeRegExp).join("|")})(?![a-z0-9])`),
}));

/** Categories of every row whose keyword occurs in the text (case-insensitive), in table order. */
export function keywordCategories(text: string): string[] {
  const lower = text.toLowerCase();
  const found: string[] = [];
  for (const row of ROWS) if (row.pattern.test(lower) && !found.includes(row.category)) found.push(row.category);
  return found;
}
