// Category of an alert from its Classification text and Impact type (tables.ts holds the data).
import { CLASSIFICATION_KEYWORD_CATEGORIES, FALLBACK_CATEGORY, IMPACT_TYPE_CATEGORIES } from "./tables.js";

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// One regex per row, built once: literal alternatives between non-alphanumeric boundaries.
// No nested quantifiers, so matching stays linear on long classification texts.
const ROWS = CLASSIFICATION_KEYWORD_CATEGORIES.map((row) => ({
  category: row.category as string,
  pattern: new RegExp(`(?:^|[^a-z0-9])(?:${row.keywords.map(escapeRegExp).join("|")})(?![a-z0-9])`),
}));

/**
 * Categories whose keywords occur in the classification text; else the impact type's; else
 * Other.Undetermined. Documented in docs/mapping-idmefv1.md.
 */
export function categoriesFor(classificationText: string | undefined, impactType: string | undefined): string[] {
  const found: string[] = [];
  if (classificationText !== undefined) {
    const text = classificationText.toLowerCase();
    for (const row of ROWS) if (row.pattern.test(text) && !found.includes(row.category)) found.push(row.category);
  }
  if (found.length > 0) return found;
  const fromImpact = impactType === undefined ? undefined : IMPACT_TYPE_CATEGORIES[impactType];
  return [fromImpact ?? FALLBACK_CATEGORY];
}
