// Reading a thread's CPU time from /proc (thread-cpu.ts parses it). Linux only: elsewhere there is no /proc and
// every read here is null, so /metrics has no per-thread CPU (docs/operations.md).
import { readFileSync, readlinkSync } from "node:fs";
import { cpuSecondsOfStat, threadIdOfLink } from "./thread-cpu";

/** This thread's id as the kernel knows it; null where there is no /proc. */
export function ownThreadId(): number | null {
  try {
    return threadIdOfLink(readlinkSync("/proc/thread-self"));
  } catch {
    return null;
  }
}

/** CPU seconds (user and system) of thread `tid` of this process; null once it has exited, or without /proc. */
export function threadCpuSeconds(tid: number): number | null {
  try {
    return cpuSecondsOfStat(readFileSync(`/proc/self/task/${tid}/stat`, "utf8"));
  } catch {
    return null;
  }
}
