// Shared by the benches that run the CLI in child processes (transport, nats): how much CPU a
// child used, so a figure can say whether it was CPU-bound or waiting.
import fs from "node:fs";

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); NaN elsewhere. */
export function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** What a process's main thread did so far, from /proc/PID/schedstat (Linux); NaN elsewhere. */
export interface ThreadTimes {
  /** Seconds it ran on a CPU. */
  readonly ran: number;
  /** Seconds it was ready to run and waited for a CPU (other processes had them): the machine's load. */
  readonly waited: number;
}

/**
 * The main thread's run and run-queue wait times. A JavaScript process does its work on its main
 * thread: the time it waited for a CPU tells how much a shared machine's load slowed a run, which
 * its CPU time cannot (a starved process uses no more CPU per record, it just gets fewer seconds).
 */
export function mainThreadTimes(pid: number | undefined): ThreadTimes {
  try {
    const [ran, waited] = fs.readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ");
    return { ran: Number(ran) / 1e9, waited: Number(waited) / 1e9 };
  } catch {
    return { ran: Number.NaN, waited: Number.NaN };
  }
}
