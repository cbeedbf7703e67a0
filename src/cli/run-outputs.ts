// What `convert` and `listen` share around the pipeline: the target version, and the sinks for
// messages (file, stdout or a SIEM), rejects (file or stderr) and warnings (stderr, capped).
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
import { assertDistinctOutputs, type RunOutput } from "../io/distinct-outputs.js";
import type { DeliverySink } from "../transport/delivery-sink.js";
import { parseDeliveryUrl } from "../transport/endpoint.js";
import { defaultSpoolDir } from "../transport/spool-location.js";
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
  /** Follow mode's state file, which must be distinct from every other output too. */
  readonly stateFile?: string;
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
  // "-" is standard output, for --out as for --rejects.
  const out = flags.out === STDOUT ? undefined : flags.out;
  const rejectsPath = flags.rejects ?? (out !== undefined ? `${out}.rejects.ndjson` : undefined);
  assertDistinctOutputs(runOutputList(flags, setup, rejectsPath), setup.inputFiles);
  const fileOptions = { append: setup.append };
  const messages: MessageSink = out !== undefined ? NdjsonMessageSink.toFile(out, fileOptions) : new NdjsonMessageSink(process.stdout);
  const rejects: RejectSink =
    rejectsPath === STDOUT
      ? new NdjsonRejectSink(process.stdout)
      : rejectsPath !== undefined
        ? NdjsonRejectSink.toFile(rejectsPath, fileOptions)
        : new TextRejectSink((line) => stderr(terminalSafe(`idmefv2: ${line}`)));
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
      messages: delivery === undefined ? messages : deliveryMessageSink(delivery, out !== undefined ? messages : undefined),
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

const STDOUT = "-";

/** Every file the run will write, as the user named it (the spool folder included). */
function runOutputList(flags: OutputFlags, setup: OutputSetup, rejectsPath: string | undefined): RunOutput[] {
  const list: RunOutput[] = [];
  // Without --to, messages go to --out or stdout; with it, to --out only when given.
  if (flags.out !== undefined || flags.to === undefined) list.push({ role: "--out", path: flags.out ?? STDOUT });
  if (rejectsPath !== undefined) list.push({ role: flags.rejects !== undefined ? "--rejects" : "--rejects (default <out>.rejects.ndjson)", path: rejectsPath });
  if (setup.stateFile !== undefined) {
    if (setup.stateFile === STDOUT) throw new UsageError("--state needs a file, not standard output");
    list.push({ role: "--state", path: setup.stateFile });
  }
  if (flags.to !== undefined) list.push({ role: "--spool", path: flags.spool ?? defaultSpoolDir(parseDeliveryUrl(flags.to)), folder: true });
  return list;
}
