// Category of an alert from its Classification text and Impact type (tables.ts holds the data).
import { keywordCategories } from "../classification-keywords.js";
import { FALLBACK_CATEGORY, IMPACT_TYPE_CATEGORIES } from "./tables.js";

/**
 * Categories whose keywords occur in the classification text; else the impact type's; else
 * Other.Undetermined. Documented in docs/mapping-idmefv1.md.
 */
export function categoriesFor(classificationText: string | undefined, impactType: string | undefined): string[] {
  const found = classificationText === undefined ? [] : keywordCategories(classificationText);
  if (found.length > 0) return found;
  const fromImpact = impactType === undefined ? undefined : IMPACT_TYPE_CATEGORIES[impactType];
  return [fromImpact ?? FALLBACK_CATEGORY];
}
