// The differences between consecutive IDMEFv2 drafts, as reviewed data. Derived from the schemas
// in schema/ (`node --import tsx scripts/diff-schemas.ts` lists the raw changes) and the draft texts
// (draft-lehmann-idmefv2-06 and -08); test/core/translate/steps.test.ts fails when a change the
// schemas show is missing here. docs/mapping-drafts.md explains each step in prose.
import type { IdmefVersion } from "../versions.js";
import {
  ANALYZER_CATEGORY_V06_V07,
  ANALYZER_DATA_V06_V07,
  ANALYZER_METHOD_V06_V07,
  CATEGORY_V06_V07,
  CATEGORY_V07_V08,
  ENTITY_SECTOR_V07_V08,
  STATUS_V06_V07,
  STATUS_V07_V08,
  type EnumMapping,
} from "./enum-tables.js";

/**
 * A field path: object keys joined by ".", with "[]" after a key whose value is an array of
 * objects or values ("Source[].ID", "Category[]"). Keys may contain "-" ("Analyzer.ext-Category").
 */
export type FieldPath = string;

/** A field that moved or was renamed: `older` in the older draft is `newer` in the newer one. */
export interface FieldMove {
  readonly older: FieldPath;
  readonly newer: FieldPath;
  /** Why the two are the same thing (for the docs and the warning when both are present). */
  readonly note: string;
}

/**
 * A field that is one value in the older draft and a list in the newer one. Going down a list of
 * one becomes its value; a longer list is `join`ed into one string (extension strings) or keeps
 * its `first` element, with a warning either way.
 */
export interface ArrayChange {
  readonly path: FieldPath;
  readonly down: "join" | "first";
}

/** A field only one side of the step has, and what the warning says when it is dropped. */
export interface FieldDrop {
  readonly path: FieldPath;
  readonly reason: string;
}

/** The values of an enumerated field that changed, and where an unmapped value may be kept. */
export interface EnumChange {
  /** The field holding the value(s); "[]" at the end when it is a list of values. */
  readonly path: FieldPath;
  readonly mapping: EnumMapping;
  /**
   * The extension mechanism of section 4.1 of the drafts: a value with no counterpart becomes the
   * `token` ("ext-value") and its text is appended to `field` (a sibling, a list in the newer
   * draft). Without it, an unmapped value is dropped with a warning.
   */
  readonly extension?: { readonly token: { readonly older: string; readonly newer: string }; readonly field: string };
}

export interface DraftStep {
  readonly older: IdmefVersion;
  readonly newer: IdmefVersion;
  readonly moves: readonly FieldMove[];
  readonly arrays: readonly ArrayChange[];
  readonly enums: readonly EnumChange[];
  /**
   * Objects the older draft leaves unconstrained and the newer one constrains: going up, keys the
   * newer draft does not define are dropped (with a warning).
   */
  readonly constrained: readonly FieldPath[];
  /** Fields of the older draft that the newer has no place for: dropped going up. */
  readonly droppedUp: readonly FieldDrop[];
  /** Fields of the newer draft that the older has no place for: dropped going down. */
  readonly droppedDown: readonly FieldDrop[];
}

const step = (older: IdmefVersion, newer: IdmefVersion, changes: Partial<Omit<DraftStep, "older" | "newer">> = {}): DraftStep => ({
  older,
  newer,
  moves: changes.moves ?? [],
  arrays: changes.arrays ?? [],
  enums: changes.enums ?? [],
  constrained: changes.constrained ?? [],
  droppedUp: changes.droppedUp ?? [],
  droppedDown: changes.droppedDown ?? [],
});

/** Consecutive steps, oldest first: any draft reaches any other by walking them. */
export const DRAFT_STEPS: readonly DraftStep[] = [
  // Only Version differs. (In both, the Analyzer schema puts its properties under "items" of an
  // object, which validators ignore: any Analyzer object is valid.)
  step("2.D.V02", "2.D.V03"),
  step("2.D.V03", "2.D.V04", {
    constrained: ["Analyzer"],
    moves: [
      {
        older: "Entity",
        newer: "EntityName",
        note: "2.D.V03's Entity (the tenant: local agency, subsidiary, MSSP client) is 2.D.V04's EntityName",
      },
    ],
    droppedDown: [
      { path: "OrganisationName", reason: "2.D.V03 has no organisation fields" },
      { path: "OrganisationId", reason: "2.D.V03 has no organisation fields" },
      { path: "EntityId", reason: "2.D.V03 has one Entity field, which holds EntityName" },
    ],
  }),
  step("2.D.V04", "2.D.V05"),
  step("2.D.V05", "2.D.V06", {
    droppedDown: [
      { path: "Analyzer.ID", reason: "2.D.V05 has no Analyzer ID" },
      { path: "Sensor[].ID", reason: "2.D.V05 has no Sensor IDs" },
      { path: "Source[].ID", reason: "2.D.V05 has no Source IDs" },
      { path: "Target[].ID", reason: "2.D.V05 has no Target IDs" },
      { path: "Vector[].ID", reason: "2.D.V05 has no Vector IDs" },
    ],
  }),
  step("2.D.V06", "2.D.V07", {
    moves: [
      {
        older: "Analyzer.Type[]",
        newer: "Type[]",
        note: "2.D.V07 moved the incident type (Cyber, Physical, Availability, Combined) from the Analyzer to the message",
      },
    ],
    arrays: [
      { path: "ext-Category", down: "join" },
      { path: "Analyzer.ext-Category", down: "join" },
      { path: "Analyzer.ext-Data", down: "join" },
      { path: "Analyzer.ext-Method", down: "join" },
    ],
    enums: [
      {
        path: "Category[]",
        mapping: CATEGORY_V06_V07,
        extension: { token: { older: "ext-value", newer: "Other.ext-value" }, field: "ext-Category" },
      },
      { path: "Status", mapping: STATUS_V06_V07 },
      {
        path: "Analyzer.Category[]",
        mapping: ANALYZER_CATEGORY_V06_V07,
        extension: { token: { older: "ext-value", newer: "ext-value" }, field: "ext-Category" },
      },
      {
        path: "Analyzer.Data[]",
        mapping: ANALYZER_DATA_V06_V07,
        extension: { token: { older: "ext-value", newer: "ext-value" }, field: "ext-Data" },
      },
      {
        path: "Analyzer.Method[]",
        mapping: ANALYZER_METHOD_V06_V07,
        extension: { token: { older: "ext-value", newer: "ext-value" }, field: "ext-Method" },
      },
    ],
    droppedUp: [{ path: "Vector", reason: "2.D.V07 removed the Vector class" }],
    droppedDown: [{ path: "EntitySector", reason: "2.D.V06 has no EntitySector" }],
  }),
  step("2.D.V07", "2.D.V08", {
    arrays: [{ path: "Status", down: "first" }],
    enums: [
      {
        path: "Category[]",
        mapping: CATEGORY_V07_V08,
        extension: { token: { older: "Other.ext-value", newer: "Other.ext-value" }, field: "ext-Category" },
      },
      { path: "EntitySector[]", mapping: ENTITY_SECTOR_V07_V08 },
      { path: "Status[]", mapping: STATUS_V07_V08 },
    ],
    droppedDown: [
      { path: "ReportTime", reason: "2.D.V07 has no ReportTime" },
      { path: "Source[].Category", reason: "2.D.V07 has no Source Category" },
      { path: "Target[].Category", reason: "2.D.V07 has no Target Category" },
    ],
  }),
  step("2.D.V08", "2.D.V09-Dev"),
];
