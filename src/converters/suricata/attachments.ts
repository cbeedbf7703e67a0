// Attachments of a Suricata event: the packet's payload, the raw packet, and files seen in the flow.
import { asObject, integerField, stringField, type EveObject } from "./eve-fields.js";

// The schema's hashType needs whole hex bytes after the algorithm.
const HEX_BYTES = /^(?:[0-9a-fA-F]{2})+$/;
const FILE_HASHES = ["sha256", "sha1", "md5"] as const;

export interface EventAttachments {
  readonly attachments: Record<string, unknown>[];
  /** Names of the attachments that come from the packet itself (for its sender's item). */
  readonly packetNames: string[];
}

function fileAttachment(file: EveObject, name: string): Record<string, unknown> {
  const attachment: Record<string, unknown> = { Name: name };
  const fileName = stringField(file, "filename");
  if (fileName !== undefined) attachment["FileName"] = fileName;
  const size = integerField(file, "size");
  if (size !== undefined) attachment["Size"] = size;
  const hashes: string[] = [];
  for (const algorithm of FILE_HASHES) {
    const digest = stringField(file, algorithm);
    if (digest !== undefined && HEX_BYTES.test(digest)) hashes.push(`${algorithm}:${digest.toLowerCase()}`);
  }
  if (hashes.length > 0) attachment["Hash"] = hashes;
  const magic = stringField(file, "magic");
  if (magic !== undefined) attachment["Note"] = `magic: ${magic}`;
  return attachment;
}

/** payload (base64), payload_printable, packet (base64) and files[] / fileinfo as Attachment items. */
export function eventAttachments(record: EveObject): EventAttachments {
  const attachments: Record<string, unknown>[] = [];
  const packetNames: string[] = [];
  const payload = stringField(record, "payload");
  if (payload !== undefined) {
    attachments.push({ Name: "payload", ContentType: "application/octet-stream", ContentEncoding: "base64", Content: payload });
    packetNames.push("payload");
  }
  const printable = stringField(record, "payload_printable");
  if (printable !== undefined) {
    attachments.push({
      Name: "payloadPrintable",
      ContentType: "text/plain",
      Note: "payload with non-printable bytes shown as dots",
      Content: printable,
    });
    packetNames.push("payloadPrintable");
  }
  const packet = stringField(record, "packet");
  if (packet !== undefined) {
    const linktype = integerField(asObject(record["packet_info"]), "linktype");
    attachments.push({
      Name: "packet",
      ContentType: "application/octet-stream",
      ContentEncoding: "base64",
      ...(linktype === undefined ? {} : { Note: `pcap link type ${linktype}` }),
      Content: packet,
    });
    packetNames.push("packet");
  }
  const files = Array.isArray(record["files"]) ? record["files"] : [];
  const fileinfo = asObject(record["fileinfo"]);
  const fileObjects = [...files.map(asObject), fileinfo].filter((f): f is EveObject => f !== undefined);
  fileObjects.forEach((file, i) => attachments.push(fileAttachment(file, `file${i + 1}`)));
  return { attachments, packetNames };
}
