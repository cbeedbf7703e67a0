// The finisher: what every message needs and a converter may leave out — Version, ID, and an ID on
// each Source/Target/Sensor item (2.D.V07+ require them). It never invents a CreateTime.
import { Message } from "../core/message.js";
import { translateMessage, type TranslationWarning } from "../core/translate/index.js";
import type { MessageObject } from "../core/converter.js";
import type { IdmefVersion } from "../core/versions.js";

const ITEM_LISTS = ["Source", "Target", "Sensor"] as const;

/**
 * Wraps a converter's output into a Message and fills in the defaults. Version and ID go first so
 * output reads naturally; IDs are drawn in a fixed order (message, Source, Target, Sensor) so
 * deterministic ID generators give stable golden files.
 */
export function finishMessage(output: Message | MessageObject, version: IdmefVersion, newId: () => string): Message {
  const message = new Message();
  const fields = message as unknown as Record<string, unknown>;
  if (!Object.hasOwn(output, "Version")) message.Version = version;
  if (!Object.hasOwn(output, "ID")) message.ID = newId();
  Object.assign(message, output);
  for (let k = 0; k < ITEM_LISTS.length; k++) {
    const key = ITEM_LISTS[k]!;
    const items = fields[key];
    if (!Array.isArray(items)) continue;
    let copy: unknown[] | undefined;
    for (let i = 0; i < items.length; i++) {
      const item: unknown = items[i];
      if (!lacksId(item)) continue;
      // Copy rather than edit: a converter may share item objects between records.
      copy ??= items.slice();
      copy[i] = { ID: newId(), ...(item as object) };
    }
    if (copy !== undefined) fields[key] = copy;
  }
  return message;
}

function lacksId(item: unknown): boolean {
  return item !== null && typeof item === "object" && !Array.isArray(item) && !Object.hasOwn(item, "ID");
}

/**
 * The finisher's last step: a finished message (converters produce 2.D.V08) rewritten for the
 * run's target draft, with the config's `defaults` filled in. Losses come back through `warn`; a
 * message the target cannot hold throws a TranslationError (the pipeline rejects the record). The
 * pipeline validates the result against the target next, so translation does not validate twice.
 */
export function translateFinished(
  message: Message,
  target: IdmefVersion,
  defaults: Readonly<Record<string, unknown>> | undefined,
  warn: (warning: TranslationWarning) => void,
): Message {
  if (message.Version === target && defaults === undefined) return message;
  const translation = translateMessage(message, target, { validate: false, ...(defaults !== undefined ? { defaults } : {}) });
  for (const warning of translation.warnings) warn(warning);
  return Object.assign(new Message(), translation.message);
}
