// The built-in converters, registered before any plugin (so a plugin may replace one by format name).
import type { Converter } from "../core/converter.js";

export const builtinConverters: readonly Converter[] = [];
