// Which of a batch of members are out of the program now (member-standing.ts), in one read: for the feed's
// consumers that must not pay or tell an excluded member anything (tier entry rewards, Shopify Flow).
import type { ReadOnlyPrisma } from "~/db/database.server";
import type { ProgramRules } from "~/loyalty/program/program-rules";
import { memberExcluded } from "./member-standing";

export async function excludedMemberIds(read: ReadOnlyPrisma, memberIds: readonly string[], rules: Pick<ProgramRules, "exclusions">): Promise<Set<string>> {
  const ids = [...new Set(memberIds)];
  if (ids.length === 0) return new Set();
  const members = await read.member.findMany({ where: { id: { in: ids } }, select: { id: true, tags: true, excludedAt: true } });
  return new Set(members.filter((member) => memberExcluded(member, rules)).map((member) => member.id));
}
