// A thread's CPU time as Linux reports it in /proc/<pid>/task/<tid>/stat (proc(5)): the fields after the command
// name, which is in parentheses and may itself hold spaces or parentheses, so the line is split after its last
// ")". Fields 14 and 15 (utime, stime) count clock ticks of USER_HZ, which is 100 on every architecture Linux
// runs Node on (x86-64 and arm64 included).
const TICKS_PER_SECOND = 100;
/** utime's place among the fields after the command name (field 14 of the line; state, field 3, is the first). */
const UTIME_AFTER_NAME = 11;

/** User and system CPU seconds of one stat line; null when it is not one. */
export function cpuSecondsOfStat(line: string): number | null {
  const end = line.lastIndexOf(")");
  if (end < 0) return null;
  const fields = line.slice(end + 2).split(" ");
  const user = Number(fields[UTIME_AFTER_NAME]);
  const system = Number(fields[UTIME_AFTER_NAME + 1]);
  if (!Number.isInteger(user) || !Number.isInteger(system) || fields[UTIME_AFTER_NAME + 1] === "") return null;
  return (user + system) / TICKS_PER_SECOND;
}

/** The thread id in /proc/thread-self's target ("<pid>/task/<tid>"); null for anything else. */
export function threadIdOfLink(target: string): number | null {
  const match = /(?:^|\/)\d+\/task\/(\d+)$/.exec(target);
  return match ? Number(match[1]) : null;
}
