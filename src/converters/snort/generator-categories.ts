// Categories of Snort's built-in generators, for alerts that carry no classification.

/**
 * A built-in rule (gid other than 1 and 3) prints no "[Classification: ...]" in alert_fast and
 * "class": "none" in alert_json, so the classtype table cannot place it. Only a generator whose
 * every alert is of one kind gets a row: the decoders (116), stream (129) and the HTTP inspector
 * (119/120) raise protocol anomalies of many kinds and stay Other.Undetermined.
 */
export const SnortGeneratorCategoryTable = [
  {
    gid: 122,
    generator: "port_scan (Snort 3) / sfPortscan (Snort 2)",
    category: "Recon.Network",
    why: "every rule of this generator reports a port, protocol or host sweep (the classtype network-scan's category)",
  },
] as const;

const byGid = new Map<number, string>(SnortGeneratorCategoryTable.map((row) => [row.gid, row.category]));

/** The category of a built-in generator's alerts, or undefined. */
export function generatorCategory(gid: number | undefined): string | undefined {
  return gid === undefined ? undefined : byGid.get(gid);
}
