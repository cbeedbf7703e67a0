// Priority, Category and AltCategory of a Suricata alert, from its severity, category text and metadata.
import { keywordCategories } from "../classification-keywords.js";
import { classtypeForCategoryText, UNDETERMINED_CATEGORY } from "./classtypes.js";
import { metadataValues, type EveObject } from "./eve-fields.js";

/** Suricata severity (1 is the most severe) to IDMEFv2 Priority; 4 and above are Info. */
const PriorityBySeverity: Readonly<Record<number, string>> = { 1: "High", 2: "Medium", 3: "Low" };

export function priorityForSeverity(severity: number | undefined): string {
  if (severity === undefined || severity < 1) return "Unknown";
  return PriorityBySeverity[severity] ?? "Info";
}

/** ET metadata keys copied into AltCategory as "key:value" (besides every mitre_* key). */
const ALT_CATEGORY_METADATA_KEYS = ["former_category", "malware_family"] as const;

export interface Classification {
  readonly category: string;
  readonly altCategory: string[];
}

/** Category from the EVE category text via the classtype table, else the keyword table; raw classtype and ET metadata kept. */
export function classifyAlert(categoryText: string | undefined, metadata: EveObject | undefined): Classification {
  const altCategory: string[] = [];
  let category: string = UNDETERMINED_CATEGORY;
  if (categoryText !== undefined && categoryText.trim() !== "") {
    const row = classtypeForCategoryText(categoryText);
    if (row === undefined) {
      // A local classification.config ("Attempted Login", "Brute Force"): the shared keyword table
      // (the one the idmefv1 converter uses) picks the first matching category, else Undetermined.
      category = keywordCategories(categoryText)[0] ?? UNDETERMINED_CATEGORY;
      altCategory.push(`category:${categoryText}`);
    } else {
      category = row.category;
      altCategory.push(`classtype:${row.classtype}`);
    }
  }
  for (const key of ALT_CATEGORY_METADATA_KEYS) {
    for (const value of metadataValues(metadata, key)) altCategory.push(`${key}:${value}`);
  }
  if (metadata !== undefined) {
    for (const key of Object.keys(metadata).sort()) {
      if (!key.startsWith("mitre_")) continue;
      for (const value of metadataValues(metadata, key)) altCategory.push(`${key}:${value}`);
    }
  }
  return { category, altCategory };
}
