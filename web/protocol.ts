// The messages between the page (page.ts) and the conversion worker (worker.ts).
import type { Problem } from "../src/core/problems.js";
import type { RunStats } from "../src/framework/accounting.js";
import type { ConversionWarning, RejectedRecord } from "../src/framework/sinks.js";

export interface FormatInfo {
  readonly format: string;
  readonly description: string;
  readonly aliases: readonly string[];
}

export type WorkerRequest =
  | { readonly kind: "init" }
  | {
      readonly kind: "convert";
      readonly text: string;
      readonly name: string;
      /** A format name, or "auto" for detection on the first 64 KiB. */
      readonly format: string;
      readonly targetVersion: string;
      /** Converter options as the CLI's -O takes them (a JSON object; "" for none). */
      readonly options: string;
    }
  | { readonly kind: "validate"; readonly text: string; readonly name: string };

export interface InitReply {
  readonly kind: "init";
  readonly formats: readonly FormatInfo[];
  readonly versions: readonly string[];
  readonly defaultVersion: string;
}

export interface ConvertReply {
  readonly kind: "convert";
  readonly format: string;
  /** Set when the format was detected: its score. */
  readonly detectedScore?: number;
  readonly messages: readonly unknown[];
  readonly rejects: readonly RejectedRecord[];
  readonly warnings: readonly ConversionWarning[];
  readonly stats: RunStats;
  readonly balanced: boolean;
}

export interface ValidatedMessage {
  readonly line: number;
  readonly column?: number;
  readonly valid: boolean;
  readonly problems: readonly Problem[];
  /** The message as parsed, when it was JSON (to show it with its problems marked). */
  readonly message?: unknown;
}

export interface ValidateReply {
  readonly kind: "validate";
  readonly results: readonly ValidatedMessage[];
}

export interface ErrorReply {
  readonly kind: "error";
  readonly code: string;
  readonly message: string;
}

export type WorkerReply = InitReply | ConvertReply | ValidateReply | ErrorReply;
