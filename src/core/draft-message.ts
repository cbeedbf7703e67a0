// What a converter returns: a 2.D.V08 message as the generated types describe it, with the fields
// the finisher fills in (Version, the message ID, an ID on each Source, Target and Sensor) optional.
// Typed this way, `Priority: "medium"` or `Analyzer: 42` fail to compile instead of at validation.
import type { IdmefMessage, Sensor, Source, Target, Uuid } from "./generated/types/2.D.V08.js";

/** Marks the listed keys optional and keeps the rest as they are. */
type Loosen<T, K extends keyof T> = Omit<T, K> & { [P in K]?: T[P] };

export type DraftSource = Loosen<Source, "ID">;
export type DraftTarget = Loosen<Target, "ID">;
export type DraftSensor = Loosen<Sensor, "ID">;

export interface DraftMessage extends Omit<IdmefMessage, "Version" | "ID" | "Source" | "Target" | "Sensor"> {
  /** Set by the finisher to the run's version when left out. */
  Version?: IdmefMessage["Version"];
  /** Set by the finisher (a stable, derived ID by default) when left out. */
  ID?: Uuid;
  Source?: DraftSource[];
  Target?: DraftTarget[];
  Sensor?: DraftSensor[];
}
