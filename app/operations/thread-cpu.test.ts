import { describe, expect, it } from "vitest";
import { cpuSecondsOfStat, threadIdOfLink } from "./thread-cpu";

// A line as /proc/<pid>/task/<tid>/stat gives it: utime 1234 and stime 56 ticks (fields 14 and 15).
const line = (name: string) =>
  `4242 (${name}) S 4200 4242 4200 0 -1 4194368 9001 0 12 0 1234 56 0 0 20 0 11 0 98765 1254539264 40960 18446744073709551615 1 1 0 0 0 0 0 16781312 134234626 0 0 0 -1 1 0 0 0 0 0 0 0 0 0 0 0 0 0`;

describe("a thread's CPU time from /proc", () => {
  it("adds user and system ticks, a hundred to the second", () => {
    expect(cpuSecondsOfStat(line("node"))).toBeCloseTo(12.9, 10);
  });

  it("reads past a command name that holds spaces and parentheses", () => {
    expect(cpuSecondsOfStat(line("tally (settle) x"))).toBeCloseTo(12.9, 10);
    expect(cpuSecondsOfStat(line(") 1 2 3"))).toBeCloseTo(12.9, 10);
  });

  it("is null for a line that is not a stat line", () => {
    expect(cpuSecondsOfStat("")).toBeNull();
    expect(cpuSecondsOfStat("4242 (node) S 1 2")).toBeNull();
  });

  it("finds the thread id in /proc/thread-self's target", () => {
    expect(threadIdOfLink("4242/task/4250")).toBe(4250);
    expect(threadIdOfLink("/proc/4242/task/4250")).toBe(4250);
    expect(threadIdOfLink("4242")).toBeNull();
  });
});
