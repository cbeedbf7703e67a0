#!/usr/bin/env node
// The `idmefv2` command: parses arguments and hands each subcommand to the library.
import { Command, CommanderError } from "commander";
import { IdmefError } from "../core/errors.js";
import { EXIT_USAGE, UsageError } from "./exit-codes.js";
import { readPackageVersion } from "./package-info.js";
import { registerValidateCommand } from "./commands/validate.js";
import { registerServeCommand } from "./commands/serve.js";
import { registerConvertCommand } from "./commands/convert.js";
import { registerFormatsCommand } from "./commands/formats.js";
import { registerDetectCommand } from "./commands/detect.js";
import { registerListenCommand } from "./commands/listen.js";

export function buildProgram(): Command {
  const program = new Command("idmefv2")
    .description("IDMEFv2 toolkit: validate, convert, listen, deliver and receive IDMEFv2 messages")
    .version(readPackageVersion(), "-V, --version", "print the idmefv2 tool version")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  // Each subcommand lives in src/cli/commands/<name>.ts and adds itself here.
  registerValidateCommand(program);
  registerServeCommand(program);
  registerConvertCommand(program);
  registerFormatsCommand(program);
  registerDetectCommand(program);
  registerListenCommand(program);
  return program;
}

function reportFatal(error: unknown): number {
  if (error instanceof CommanderError) {
    // Commander already printed its message (unknown option, missing argument, --help, ...).
    return error.exitCode === 0 ? 0 : EXIT_USAGE;
  }
  if (error instanceof UsageError) {
    process.stderr.write(`idmefv2: ${error.message}\n`);
    return EXIT_USAGE;
  }
  if (error instanceof IdmefError) {
    process.stderr.write(`idmefv2: ${error.message}\n`);
    return EXIT_USAGE;
  }
  // A bug, not a user error: keep the stack so it can be reported.
  process.stderr.write(`idmefv2: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 70;
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    return reportFatal(error);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = reportFatal(error);
  },
);
