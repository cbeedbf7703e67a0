// What `convert` and `listen` share around the pipeline: the target version, and the sinks for
// messages (file, stdout or a SIEM), rejects (file or stderr) and warnings (stderr, capped).
import { statSync } from "node:fs";
import { DEFAULT_VERSION, isKnownVersion, KNOWN_VERSIONS, type IdmefVersion } from "../core/versions.js";
import {
  NdjsonMessageSink,
  NdjsonRejectSink,
  TextRejectSink,
  type ConversionWarning,
  type MessageSink,
  type RejectSink,
  type WarningSink,
} from "../framework/sinks.js";
import type { DeliverySink } from "../transport/delivery-sink.js";
import { UsageError } from "./exit-codes.js";
import { terminalSafe } from "./terminal-text.js";
import { deliveryMessageSink, deliverySinkFromFlags, type DeliveryFlags } from "./delivery-options.js";

/** Warnings printed one by one before only being counted (all are in --stats). */
const WARNINGS_SHOWN = 20;

/** `--target-version`, else the config's `version`, else 2.D.V08; an unknown one is a usage error. */
export function targetVersion(value: string | undefined): IdmefVersion {
  if (value === undefined) return DEFAULT_VERSION;
  if (!isKnownVersion(value)) throw new UsageError(`unknown IDMEFv2 version "${value}": use one of ${KNOWN_VERSIONS.join(", ")}`);
  return value;
}

export interface OutputFlags extends DeliveryFlags {
  readonly out?: string;
  readonly rejects?: string;
}

export interface OutputSetup {
  /** Append to existing output files (follow mode and listeners restart onto the same files). */
  readonly append: boolean;
  /** Input files, which no output may overwrite. */
  readonly inputFiles: readonly string[];
}

export interface RunOutputs {
  readonly sinks: { readonly messages: MessageSink; readonly rejects: RejectSink; readonly warnings: WarningSink };
  /** Where rejects go as NDJSON; undefined when they are listed on stderr. */
  readonly rejectsPath: string | undefined;
  /** The HTTPS delivery, with --to. */
  readonly delivery: DeliverySink | undefined;
  /** Prints how many warnings were not shown one by one; call once at the end. */
  reportHiddenWarnings(): void;
}

/**
 * Messages go to --out (or stdout), and with --to to a SIEM (a copy in --out when given); rejects
 * go to --rejects, else `<out>.rejects.ndjson`, else each is listed on stderr.
 */
export function openRunOutputs(flags: OutputFlags, setup: OutputSetup, stderr: (line: string) => void): RunOutputs {
  const rejectsPath = flags.rejects ?? (flags.out !== undefined ? `${flags.out}.rejects.ndjson` : undefined);
  refuseOverwritingInputs([flags.out, rejectsPath], setup.inputFiles);
  const fileOptions = { append: setup.append };
  const messages: MessageSink =
    flags.out !== undefined ? NdjsonMessageSink.toFile(flags.out, fileOptions) : new NdjsonMessageSink(process.stdout);
  const rejects: RejectSink =
    rejectsPath !== undefined ? NdjsonRejectSink.toFile(rejectsPath, fileOptions) : new TextRejectSink((line) => stderr(terminalSafe(`idmefv2: ${line}`)));
  const delivery = deliverySinkFromFlags(flags, rejects);
  let warningsSeen = 0;
  const warnings: WarningSink = {
    write(warning: ConversionWarning) {
      warningsSeen++;
      if (warningsSeen <= WARNINGS_SHOWN) stderr(terminalSafe(`idmefv2: ${warning.file}:${warning.line}: warning: ${warning.message}`));
    },
  };
  return {
    sinks: {
      messages: delivery === undefined ? messages : deliveryMessageSink(delivery, flags.out !== undefined ? messages : undefined),
      rejects,
      warnings,
    },
    rejectsPath,
    delivery,
    reportHiddenWarnings() {
      if (warningsSeen > WARNINGS_SHOWN) stderr(`idmefv2: ... and ${warningsSeen - WARNINGS_SHOWN} more warnings`);
    },
  };
}

/** An output that is one of the inputs would be truncated before it is read: refuse it. */
function refuseOverwritingInputs(outputs: readonly (string | undefined)[], inputs: readonly string[]): void {
  const identity = (path: string): string | undefined => {
    try {
      const st = statSync(path);
      return `${st.dev}:${st.ino}`;
    } catch {
      return undefined;
    }
  };
  const inputIds = new Set(inputs.filter((f) => f !== "-").map(identity).filter((id) => id !== undefined));
  for (const output of outputs) {
    if (output === undefined) continue;
    const id = identity(output);
    if (id !== undefined && inputIds.has(id)) throw new UsageError(`${output} is also an input: writing it would destroy what is to be read; choose another output file`);
  }
}
