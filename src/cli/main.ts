#!/usr/bin/env node
// The `idmefv2` command: parses arguments and hands each subcommand to the library.
import { Command, CommanderError } from "commander";
import { IdmefError } from "../core/errors.js";
import { EXIT_DELIVERY_HALTED, EXIT_IO_ERROR, EXIT_USAGE, UsageError } from "./exit-codes.js";
import { readPackageVersion } from "./package-info.js";
import type { Command as CommandType } from "commander";

type Register = (program: CommandType) => void;

// Each subcommand lives in src/cli/commands/<name>.ts. They are imported lazily: a run loads only
// the subcommand it names (help and unknown names load all), because loading every converter, the
// transport and the framework up front costs more start-up time than `validate` itself.
const SUBCOMMANDS: Readonly<Record<string, () => Promise<Register>>> = {
  validate: async () => (await import("./commands/validate.js")).registerValidateCommand,
  convert: async () => (await import("./commands/convert.js")).registerConvertCommand,
  formats: async () => (await import("./commands/formats.js")).registerFormatsCommand,
  detect: async () => (await import("./commands/detect.js")).registerDetectCommand,
  listen: async () => (await import("./commands/listen.js")).registerListenCommand,
  serve: async () => (await import("./commands/serve.js")).registerServeCommand,
  migrate: async () => (await import("./commands/migrate.js")).registerMigrateCommand,
  send: async () => (await import("./commands/send.js")).registerSendCommand,
  worker: async () => (await import("./commands/worker.js")).registerWorkerCommand,
  golden: async () => (await import("./commands/golden.js")).registerGoldenCommand,
  playground: async () => (await import("./commands/playground.js")).registerPlaygroundCommand,
};

/** The program with the subcommands `argv` needs: the one it names, or all of them. */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command("idmefv2")
    .description("IDMEFv2 toolkit: validate, convert, listen, deliver and receive IDMEFv2 messages")
    .version(readPackageVersion(), "-V, --version", "print the idmefv2 tool version")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  const named = argv.find((arg) => !arg.startsWith("-"));
  const loader = named === undefined ? undefined : SUBCOMMANDS[named];
  const loaders = loader === undefined || named === "help" ? Object.values(SUBCOMMANDS) : [loader];
  for (const register of await Promise.all(loaders.map((load) => load()))) register(program);
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
  if (error instanceof IdmefError && error.code === "STORAGE_FULL") {
    // Operational, not a usage error: an output the command did not handle itself.
    process.stderr.write(`idmefv2: ${error.message}\n`);
    return EXIT_IO_ERROR;
  }
  if (error instanceof IdmefError && error.code === "DELIVERY_FAILED") {
    // The destination could not be set up (a NATS server that cannot be reached): exit 3, as for
    // a receiver that refuses our certificate; nothing was read, so nothing is lost.
    process.stderr.write(`idmefv2: ${error.message}\n`);
    return EXIT_DELIVERY_HALTED;
  }
  if (error instanceof IdmefError && error.code === "WORKER_FAILED") {
    // A worker thread of --jobs died (a bug, or out of memory): the run stopped, nothing after the
    // records written was converted. Internal, but its message says all a stack would.
    process.stderr.write(`idmefv2: ${error.message}\n`);
    return 70;
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
  try {
    const program = await buildProgram(argv);
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
