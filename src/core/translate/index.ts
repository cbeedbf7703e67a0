// Translation between IDMEFv2 drafts: the public surface.
export { translateMessage, TranslationError, type TranslateOptions, type Translation, type TranslationWarning } from "./translate.js";
export { applyDefaults, defaultsProblem } from "./defaults.js";
export { DRAFT_STEPS, type DraftStep, type FieldMove, type ArrayChange, type FieldDrop, type EnumChange, type FieldPath } from "./steps.js";
export type { EnumMapping } from "./enum-tables.js";
