// A shopper gives their birthday (the account page through the shopper API, the storefront widget through the app
// proxy): checked by the rule in birthday-bonus.ts (a real date; changed at most once a year) and stored on the
// member by the member store. Nothing is paid here: the daily run pays it on the day (grant-birthday-bonus.server.ts).
import type { TallyDatabase } from "~/db/database.server";
import { setMemberBirthday, upsertMember } from "~/loyalty/members/member-store.server";
import { birthdayChange, birthdayChangeableFrom, isValidBirthday, type Birthday } from "./birthday-bonus";

export type GiveBirthdayResult =
  | { ok: true; birthday: Birthday; changeableFrom: Date }
  | { ok: false; error: "invalid_birthday" }
  | { ok: false; error: "birthday_locked"; birthday: Birthday; changeableFrom: Date };

export interface GiveBirthdayRequest {
  shop: string;
  customerId: string;
  /** The tier a member created now starts in (the program's lowest). */
  entryTier: string;
  birthday: Birthday;
  now: Date;
}

const ATTEMPTS = 3;

export async function giveBirthday(db: TallyDatabase, request: GiveBirthdayRequest): Promise<GiveBirthdayResult> {
  const { shop, customerId, birthday, now } = request;
  // Checked before anything is written: a date that does not exist creates no member either.
  if (!isValidBirthday(birthday)) return { ok: false, error: "invalid_birthday" };
  // A shopper whose customers/create is still on its way gets their member now, as the summary does.
  const { id } = await upsertMember(db, { shop, customerId }, request.entryTier);
  for (let attempt = 1; ; attempt++) {
    const member = await db.read.member.findUniqueOrThrow({ where: { id }, select: { birthMonth: true, birthDay: true, birthdayGivenAt: true } });
    const current = member.birthMonth !== null && member.birthDay !== null ? { month: member.birthMonth, day: member.birthDay } : null;
    const change = birthdayChange({ birthday: current, givenAt: member.birthdayGivenAt }, birthday, now);
    if (!change.ok) {
      if (change.error === "invalid_birthday") return change;
      return { ok: false, error: "birthday_locked", birthday: current ?? birthday, changeableFrom: change.changeableFrom };
    }
    if (!change.changed) return { ok: true, birthday, changeableFrom: birthdayChangeableFrom(member.birthdayGivenAt ?? now) };
    if (await setMemberBirthday(db.prisma, id, birthday, now, member.birthdayGivenAt)) return { ok: true, birthday, changeableFrom: birthdayChangeableFrom(now) };
    // Another request changed it in between: check this one against what it wrote.
    if (attempt >= ATTEMPTS) throw new Error(`the birthday of member ${id} kept changing under this request`);
  }
}
