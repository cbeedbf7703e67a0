// IP address syntax as Node's net.isIP/isIPv4/isIPv6 take it, for the browser bundle (no regex:
// a scan per part). test/playground/platform-browser.test.ts holds it equal to node:net.

/** Dotted-quad IPv4 as Node's net.isIPv4 takes it: four decimal octets 0-255, no leading zero. */
export function isIPv4(text: string): boolean {
  const parts = text.split(".");
  return parts.length === 4 && parts.every(isOctet);
}

function isOctet(part: string): boolean {
  if (part.length === 0 || part.length > 3) return false;
  for (let i = 0; i < part.length; i++) {
    const c = part.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  if (part.length > 1 && part[0] === "0") return false;
  return Number(part) <= 255;
}

function isHexGroup(part: string): boolean {
  if (part.length === 0 || part.length > 4) return false;
  for (let i = 0; i < part.length; i++) {
    const c = part.charCodeAt(i) | 0x20; // lower-cases letters, keeps digits
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

// A zone index ("%eth0") as Node accepts it: letters, digits, '-', '.', ':'.
function isZone(zone: string): boolean {
  if (zone.length === 0) return false;
  for (let i = 0; i < zone.length; i++) {
    const c = zone.charCodeAt(i);
    const ok = (c >= 48 && c <= 58) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 46;
    if (!ok) return false;
  }
  return true;
}

/** The groups of one side of "::" (or of a whole address), counted; -1 when one is malformed. */
function countGroups(side: string, last: boolean): number {
  if (side === "") return 0;
  const parts = side.split(":");
  let groups = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (last && i === parts.length - 1 && part.includes(".")) {
      if (!isIPv4(part)) return -1;
      groups += 2;
    } else if (isHexGroup(part)) {
      groups += 1;
    } else {
      return -1;
    }
  }
  return groups;
}

/** RFC 4291 text form (with an optional zone), as Node's net.isIPv6 takes it. */
export function isIPv6(text: string): boolean {
  let address = text;
  const percent = text.indexOf("%");
  if (percent >= 0) {
    if (!isZone(text.slice(percent + 1))) return false;
    address = text.slice(0, percent);
  }
  const gap = address.indexOf("::");
  if (gap < 0) return countGroups(address, true) === 8;
  if (address.indexOf("::", gap + 1) >= 0) return false;
  const head = countGroups(address.slice(0, gap), false);
  const tail = countGroups(address.slice(gap + 2), true);
  // "::" stands for at least one group of zeros.
  return head >= 0 && tail >= 0 && head + tail <= 7;
}

export function isIP(text: string): 0 | 4 | 6 {
  if (isIPv4(text)) return 4;
  return isIPv6(text) ? 6 : 0;
}
