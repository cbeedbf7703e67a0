// What `convert` and `listen` share around the pipeline: the target version, and the sinks for
// messages (file, stdout or a SIEM), rejects (file or stderr) and warnings (stderr, capped).
import { DEFAULT_VERSION, isKnownVersion, KNOWN_VERSIONS, type IdmefVersion } from "../core/versions.js";
import { statSync } from "node:fs";
import { resolve } from "node:path";
import {
  NdjsonMessageSink,
  NdjsonRejectSink,
  TextRejectSink,
  type ConversionWarning,
  type MessageSink,
  type RejectSink,
  type WarningSink,
} from "../framework/sinks.js";
import { PRIVATE_FILE_MODE } from "../io/durable-file.js";
import { NdjsonFileSink, type CommittedLength } from "../io/ndjson-file-sink.js";
import { guardMessageSink, OutputFailure } from "../io/output-failure.js";
import { assertDistinctOutputs, type RunOutput } from "../io/distinct-outputs.js";
import type { DeliverySink } from "../transport/delivery-sink.js";
import { parseDeliveryUrl } from "../transport/endpoint.js";
import { defaultSpoolDir } from "../transport/spool-location.js";
import { UsageError } from "./exit-codes.js";
import { terminalSafe } from "./terminal-text.js";
import { deliveryMessageSink, deliverySinkFromFlags, natsSinkFromFlags, type DeliveryFlags } from "./delivery-options.js";
import type { JetStreamMessageSink } from "../transport/nats/jetstream-sink.js";
import { isNatsUrl } from "../transport/nats/nats-url.js";

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
  /** Committed lengths saved by an earlier follow run: output files are cut back to them. */
  readonly resumeFrom?: readonly CommittedLength[];
}

export interface RunOutputs {
  readonly sinks: { readonly messages: MessageSink; readonly rejects: RejectSink; readonly warnings: WarningSink };
  /** Where rejects go as NDJSON; undefined when they are listed on stderr. */
  readonly rejectsPath: string | undefined;
  /** The HTTPS delivery, with --to https://. */
  readonly delivery: DeliverySink | undefined;
  /** The JetStream sink, with --to nats://; `await nats.ready()` before reading. */
  readonly nats: JetStreamMessageSink | undefined;
  /** The first output that could not be written (full disk), and what was not written. */
  readonly failure: OutputFailure;
  /**
   * Writes and fsyncs the local output files and returns their committed lengths (for the follow
   * state), or undefined when an output has failed and nothing may be committed.
   */
  commitFiles(): Promise<CommittedLength[] | undefined>;
  /** Closes and reopens the local output files (SIGHUP after logrotate moved them). */
  reopenFiles(): Promise<void>;
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
  const rejectsPath = defaultRejectsPath(flags);
  checkRunOutputs(flags, setup);
  const failure = new OutputFailure();
  const files: NdjsonFileSink<unknown>[] = [];
  const openFile = (path: string, holds: "messages" | "rejects"): MessageSink & RejectSink => {
    // A device or a pipe (/dev/null, a FIFO) has no length to commit nor tail to cut: a plain writer.
    if (isSpecialFile(path)) return NdjsonMessageSink.toFile(path, { append: setup.append }) as unknown as MessageSink & RejectSink;
    const absolute = resolve(path);
    const resumeAt = setup.resumeFrom?.find((c) => c.path === absolute);
    const sink = NdjsonFileSink.open<never>(path, {
      append: setup.append,
      // Rejects hold raw input (a password typed as a user name ends up there): owner only.
      mode: holds === "rejects" ? PRIVATE_FILE_MODE : 0o644,
      failure,
      holds,
      ...(resumeAt !== undefined ? { resumeAt } : {}),
      onNotice: (message) => stderr(terminalSafe(`idmefv2: ${message}`)),
    });
    files.push(sink as NdjsonFileSink<unknown>);
    return sink;
  };
  const messages: MessageSink = out !== undefined ? openFile(out, "messages") : new NdjsonMessageSink(process.stdout);
  const rejects: RejectSink =
    rejectsPath === STDOUT
      ? new NdjsonRejectSink(process.stdout)
      : rejectsPath !== undefined
        ? openFile(rejectsPath, "rejects")
        : new TextRejectSink((line) => stderr(terminalSafe(`idmefv2: ${line}`)));
  const delivery = deliverySinkFromFlags(flags, rejects);
  const nats = natsSinkFromFlags(flags);
  // A spool that cannot store (full disk) stops the run like a full --out does; so does a JetStream
  // that does not acknowledge within --drain-timeout.
  const delivered =
    delivery !== undefined
      ? guardMessageSink(delivery, `the spool of ${flags.to ?? "--to"}`, failure)
      : nats !== undefined
        ? guardMessageSink(nats, flags.to ?? "--to", failure)
        : undefined;
  let warningsSeen = 0;
  const warnings: WarningSink = {
    write(warning: ConversionWarning) {
      warningsSeen++;
      if (warningsSeen <= WARNINGS_SHOWN) stderr(terminalSafe(`idmefv2: ${warning.file}:${warning.line}: warning: ${warning.message}`));
    },
  };
  return {
    sinks: {
      messages: delivered === undefined ? messages : deliveryMessageSink(delivered, out !== undefined ? messages : undefined),
      rejects,
      warnings,
    },
    rejectsPath,
    delivery,
    nats,
    failure,
    async commitFiles() {
      // A failed output of any kind (a JetStream that stopped acknowledging too) commits nothing.
      if (failure.failed) return undefined;
      const lengths: CommittedLength[] = [];
      for (const file of files) {
        const committed = await file.commit();
        if (committed === undefined) return undefined;
        lengths.push({ ...committed, path: resolve(committed.path) });
      }
      return lengths;
    },
    async reopenFiles() {
      for (const file of files) await file.reopen();
    },
    reportHiddenWarnings() {
      if (warningsSeen > WARNINGS_SHOWN) stderr(`idmefv2: ... and ${warningsSeen - WARNINGS_SHOWN} more warnings`);
    },
  };
}

const STDOUT = "-";

/** --rejects, else `<out>.rejects.ndjson` when messages go to a file, else undefined (stderr). */
function defaultRejectsPath(flags: OutputFlags): string | undefined {
  const out = flags.out === STDOUT ? undefined : flags.out;
  return flags.rejects ?? (out !== undefined ? `${out}.rejects.ndjson` : undefined);
}

/**
 * Every output distinct from the others and from the inputs (a usage error otherwise); callers
 * that read something before opening the outputs (a follow state file) check this first.
 */
export function checkRunOutputs(flags: OutputFlags, setup: OutputSetup): void {
  assertDistinctOutputs(runOutputList(flags, setup, defaultRejectsPath(flags)), setup.inputFiles);
}

function isSpecialFile(path: string): boolean {
  try {
    return !statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Every file the run will write, as the user named it (the spool folder included). */
function runOutputList(flags: OutputFlags, setup: OutputSetup, rejectsPath: string | undefined): RunOutput[] {
  const list: RunOutput[] = [];
  // Without --to, messages go to --out or stdout; with it, to --out only when given.
  if (flags.out !== undefined || flags.to === undefined) list.push({ role: "--out", path: flags.out ?? STDOUT });
  if (rejectsPath !== undefined)
    list.push({ role: flags.rejects !== undefined ? "--rejects" : "--rejects (default <out>.rejects.ndjson)", path: rejectsPath });
  if (setup.stateFile !== undefined) {
    if (setup.stateFile === STDOUT) throw new UsageError("--state needs a file, not standard output");
    list.push({ role: "--state", path: setup.stateFile });
  }
  if (flags.to !== undefined && !isNatsUrl(flags.to))
    list.push({ role: "--spool", path: flags.spool ?? defaultSpoolDir(parseDeliveryUrl(flags.to)), folder: true });
  return list;
}
