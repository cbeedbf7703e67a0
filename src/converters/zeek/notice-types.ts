// Zeek notice types (the `note` field) -> 2.D.V08 Category, Priority and detection Method, as data.
// Zeek notices carry no severity: the priority here is the one this project gives each stock notice
// of Zeek's base and policy scripts (docs/mapping-zeek.md shows the same table and says why).
import { keywordCategories } from "../classification-keywords.js";

export interface NoticeClass {
  readonly category: string;
  readonly priority: "Info" | "Low" | "Medium" | "High" | "Unknown";
  readonly method: string;
}

export const ZeekNoticeTable: Readonly<Record<string, NoticeClass>> = {
  "Scan::Address_Scan": { category: "Recon.Network", priority: "Low", method: "Threshold" },
  "Scan::Port_Scan": { category: "Recon.Network", priority: "Low", method: "Threshold" },
  "Traceroute::Detected": { category: "Recon.Network", priority: "Low", method: "Protocol" },
  "SSH::Password_Guessing": { category: "Access.Forced", priority: "Medium", method: "Threshold" },
  "SSH::Login_By_Password_Guesser": { category: "Access.Compromise", priority: "High", method: "Correlation" },
  "SSH::Interesting_Hostname_Login": { category: "Other.Uncategorised", priority: "Low", method: "Policy" },
  "SSH::Watched_Country_Login": { category: "Other.Uncategorised", priority: "Low", method: "Geolocation" },
  "FTP::Bruteforcing": { category: "Access.Forced", priority: "Medium", method: "Threshold" },
  "FTP::Site_Exec_Success": { category: "Access.Other", priority: "High", method: "Signature" },
  "HTTP::SQL_Injection_Attacker": { category: "Access.Other", priority: "High", method: "Threshold" },
  "HTTP::SQL_Injection_Victim": { category: "Access.Other", priority: "High", method: "Threshold" },
  "HTTP::Incorrect_File_Type": { category: "Other.Uncategorised", priority: "Low", method: "Contextual" },
  "Heartbleed::SSL_Heartbeat_Attack": { category: "Theft.Data", priority: "High", method: "Signature" },
  "Heartbleed::SSL_Heartbeat_Attack_Success": { category: "Theft.Data", priority: "High", method: "Signature" },
  "Heartbleed::SSL_Heartbeat_Odd_Length": { category: "Theft.Data", priority: "Medium", method: "Protocol" },
  "Heartbleed::SSL_Heartbeat_Many_Requests": { category: "Theft.Data", priority: "Medium", method: "Threshold" },
  "SSL::Invalid_Server_Cert": { category: "Other.Uncategorised", priority: "Low", method: "Integrity" },
  "SSL::Invalid_Ocsp_Response": { category: "Other.Uncategorised", priority: "Low", method: "Integrity" },
  "SSL::Certificate_Expired": { category: "Availability.Misconfiguration", priority: "Low", method: "Hygiene" },
  "SSL::Certificate_Expires_Soon": { category: "Availability.Misconfiguration", priority: "Info", method: "Hygiene" },
  "SSL::Certificate_Not_Valid_Yet": { category: "Availability.Misconfiguration", priority: "Low", method: "Hygiene" },
  "SSL::Weak_Key": { category: "Operational.Policy Violation", priority: "Low", method: "Hygiene" },
  "SSL::Old_Version": { category: "Operational.Policy Violation", priority: "Low", method: "Hygiene" },
  "SSL::Weak_Cipher": { category: "Operational.Policy Violation", priority: "Low", method: "Hygiene" },
  "TeamCymruMalwareHashRegistry::Match": { category: "Malware.Other", priority: "High", method: "Reputation" },
  "Intel::Notice": { category: "Other.Undetermined", priority: "Medium", method: "Threat Intelligence" },
  "Signatures::Sensitive_Signature": { category: "Other.Undetermined", priority: "Medium", method: "Signature" },
  "Signatures::Multiple_Signatures": { category: "Other.Undetermined", priority: "Medium", method: "Signature" },
  "Signatures::Multiple_Sig_Responders": { category: "Other.Undetermined", priority: "Medium", method: "Signature" },
  "Signatures::Count_Signature": { category: "Other.Undetermined", priority: "Low", method: "Signature" },
  "Signatures::Signature_Summary": { category: "Other.Undetermined", priority: "Low", method: "Signature" },
  "Software::Vulnerable_Version": { category: "Other.Uncategorised", priority: "Medium", method: "Hygiene" },
  "Software::Software_Version_Change": { category: "Other.Uncategorised", priority: "Info", method: "Monitor" },
  "DNS::External_Name": { category: "Other.Uncategorised", priority: "Low", method: "Policy" },
  "SMTP::Blocklist_Error_Message": { category: "Other.Uncategorised", priority: "Low", method: "Reputation" },
  "SMTP::Blocklist_Blocks_Port": { category: "Other.Uncategorised", priority: "Low", method: "Reputation" },
  "SMTP::Suspicious_Origination": { category: "Other.Uncategorised", priority: "Low", method: "Geolocation" },
  "ProtocolDetector::Protocol_Found": { category: "Other.Uncategorised", priority: "Info", method: "Protocol" },
  "ProtocolDetector::Server_Found": { category: "Other.Uncategorised", priority: "Info", method: "Protocol" },
  "Conn::Retransmission_Inconsistency": { category: "Other.Uncategorised", priority: "Info", method: "Protocol" },
  "Conn::Content_Gap": { category: "Other.Uncategorised", priority: "Info", method: "Protocol" },
  "Weird::Activity": { category: "Other.Undetermined", priority: "Low", method: "Anomaly" },
  "CaptureLoss::Too_Much_Loss": { category: "Availability.Failure", priority: "Medium", method: "Monitor" },
  "CaptureLoss::Too_Little_Traffic": { category: "Availability.Failure", priority: "Medium", method: "Monitor" },
  "PacketFilter::Dropped_Packets": { category: "Availability.Failure", priority: "Medium", method: "Monitor" },
  "PacketFilter::Install_Failure": { category: "Availability.Failure", priority: "Medium", method: "Monitor" },
  "PacketFilter::Compile_Failure": { category: "Availability.Failure", priority: "Medium", method: "Monitor" },
  "PacketFilter::Too_Long_To_Compile_Filter": { category: "Availability.Failure", priority: "Low", method: "Monitor" },
  "Notice::Tally": { category: "Other.Uncategorised", priority: "Info", method: "Monitor" },
  // Corelight's long-connections package (one of the most installed Zeek packages).
  "LongConnection::found": { category: "Other.Uncategorised", priority: "Info", method: "Threshold" },
};

/**
 * Notices of third-party packages (Corelight's malware detectors, say: "AgentTesla::C2_Traffic_Observed")
 * are in no table: their words decide. "C2" is command and control (Malware.Backdoor, as Suricata's
 * command-and-control classtype); otherwise the shared keyword table reads the note's words and msg.
 */
const C2_IN_TEXT = /(?:^|[^a-z0-9])(?:c2|c&c|command and control|beacon)(?:[^a-z0-9]|$)/;
// In a note name "C2" may be glued to the words around it ("ManxUDPC2Detected"): case decides.
const C2_IN_NOTE = /C2(?![0-9a-z])/;

/** Priority for a notice the table does not know, from the category its words gave. */
const PriorityByCategoryKind: Readonly<Record<string, NoticeClass["priority"]>> = {
  Malware: "High",
  Access: "Medium",
  Theft: "High",
  Availability: "Medium",
  Recon: "Low",
};

/** "AgentTesla::C2_Traffic_Observed" -> "agenttesla c2 traffic observed"; "SandcatC2Detected" -> "sandcat c2 detected". */
function noteWords(note: string): string {
  return note
    .replace(/::/g, " ")
    .replace(/_/g, " ")
    .replace(/([a-z])([A-Z0-9])/g, "$1 $2")
    .replace(/([0-9])([A-Z])/g, "$1 $2")
    .toLowerCase();
}

// The words of each note seen, computed once: a log repeats few notes many times. Bounded, since
// hostile input may hold endless distinct notes.
const wordsOfNote = new Map<string, { words: string; c2: boolean }>();
const MAX_CACHED_NOTES = 1024;

function noteTraits(note: string): { words: string; c2: boolean } {
  let traits = wordsOfNote.get(note);
  if (traits === undefined) {
    traits = { words: noteWords(note), c2: C2_IN_NOTE.test(note) };
    if (wordsOfNote.size < MAX_CACHED_NOTES) wordsOfNote.set(note, traits);
  }
  return traits;
}

export function classifyNotice(note: string | undefined, msg: string | undefined): NoticeClass {
  if (note !== undefined) {
    const known = Object.hasOwn(ZeekNoticeTable, note) ? ZeekNoticeTable[note] : undefined;
    if (known !== undefined) return known;
  }
  const traits = note === undefined ? { words: "", c2: false } : noteTraits(note);
  const text = `${traits.words} ${msg ?? ""}`.toLowerCase();
  const category = traits.c2 || C2_IN_TEXT.test(text) ? "Malware.Backdoor" : (keywordCategories(text)[0] ?? "Other.Undetermined");
  const kind = category.slice(0, category.indexOf("."));
  return { category, priority: PriorityByCategoryKind[kind] ?? "Unknown", method: "Undetermined" };
}

// Remembered classifications per run: a note the table does not know runs the C2 test and the whole
// keyword table, and a log repeats few note/msg pairs many times. Bounded, since hostile input may
// hold endless distinct pairs; a long msg (it often carries addresses) is classified but not kept.
const MAX_REMEMBERED = 4096;
const MAX_REMEMBERED_TEXT = 512;

/** classifyNotice for one run, remembering the result of each distinct note/msg pair it saw. */
export function noticeClassifier(): (note: string | undefined, msg: string | undefined) => NoticeClass {
  // Keyed by note, then by msg: no key is built per record (a concatenated key was hashed anew each time).
  const remembered = new Map<string, Map<string, NoticeClass>>();
  let size = 0;
  return (note, msg) => {
    if (note !== undefined && Object.hasOwn(ZeekNoticeTable, note)) return ZeekNoticeTable[note]!;
    const noteText = note ?? "";
    const msgText = msg ?? "";
    if (noteText.length + msgText.length > MAX_REMEMBERED_TEXT) return classifyNotice(note, msg);
    let byMsg = remembered.get(noteText);
    let kind = byMsg?.get(msgText);
    if (kind === undefined) {
      kind = classifyNotice(note, msg);
      if (size < MAX_REMEMBERED) {
        if (byMsg === undefined) remembered.set(noteText, (byMsg = new Map()));
        byMsg.set(msgText, kind);
        size++;
      }
    }
    return kind;
  };
}
