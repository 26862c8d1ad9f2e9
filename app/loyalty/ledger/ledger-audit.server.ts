// Compares the balances cache with a re-derivation from the transfers, the ledger's source of truth
// (docs/decisions/001-ledger-model.md). Read-only; `npm run ledger:check` (scripts/ledger-check.ts) runs it.
import type { Prisma, TallyDatabase } from "~/db/database.server";
import { applyTransfer, availablePoints, deriveBalances, sameBalances, ZERO_BALANCES, type Balances } from "./balances";
import { isTransferCode } from "./transfer-codes";
import type { Transfer, TransferStatus } from "./transfers";

/** Balances as the cache stores them: the derived figures plus `available`, kept as a column for sorting. */
export interface StoredBalances extends Balances {
  available: number;
}

export interface BalanceDrift {
  shop: string;
  memberId: string;
  /** The member's balances row; null when the member has transfers but no row. */
  stored: StoredBalances | null;
  /** What the member's transfers add up to. */
  derived: StoredBalances;
}

export interface BalanceAudit {
  /** Members with transfers or a balances row. */
  membersChecked: number;
  transfersRead: number;
  drift: BalanceDrift[];
}

export interface AuditOptions {
  /** Only this shop's members; all shops when absent. */
  shop?: string;
  /** Members whose transfers are read per query. */
  batchSize?: number;
}

const DEFAULT_BATCH_SIZE = 1_000;
const EFFECT_FIELDS = { id: true, memberId: true, code: true, points: true, status: true, pendingId: true } as const;
const BALANCE_FIELDS = { memberId: true, shop: true, posted: true, pendingCredit: true, pendingDebit: true, available: true, lifetimeEarned: true } as const;
const STATUSES: readonly string[] = ["pending", "posted", "voided"] satisfies TransferStatus[];

type EffectRow = { id: string; memberId: string; code: string; points: number; status: string; pendingId: string | null };
type BalanceRow = StoredBalances & { memberId: string; shop: string };
type Effect = Pick<Transfer, "memberId" | "code" | "points" | "status" | "pendingId">;

/** A stored row as a transfer's effect; a row outside the domain's codes or statuses is corruption, not drift. */
function effectOf(row: EffectRow): Effect {
  if (!isTransferCode(row.code)) throw new Error(`transfer ${row.id} has unknown code ${row.code}`);
  if (!STATUSES.includes(row.status)) throw new Error(`transfer ${row.id} has unknown status ${row.status}`);
  return { ...row, code: row.code, status: row.status as TransferStatus };
}

function withAvailable(balances: Balances): StoredBalances {
  return { ...balances, available: availablePoints(balances) };
}

function storedOf(row: BalanceRow | null | undefined): StoredBalances | null {
  if (!row) return null;
  const { posted, pendingCredit, pendingDebit, available, lifetimeEarned } = row;
  return { posted, pendingCredit, pendingDebit, available, lifetimeEarned };
}

function drifted(stored: StoredBalances | null, derived: StoredBalances): boolean {
  return stored === null || !sameBalances(stored, derived) || stored.available !== derived.available;
}

/**
 * Reads a member's transfers and balances row in one transaction (one snapshot), so a transfer written while the
 * audit streamed past the member is not mistaken for drift: the writer changes both in one transaction.
 */
async function confirmDrift(prisma: Prisma, shop: string, memberId: string): Promise<BalanceDrift | null> {
  const [rows, row] = await prisma.$transaction(
    [
      prisma.transfer.findMany({ where: { memberId }, select: EFFECT_FIELDS }),
      prisma.balance.findUnique({ where: { memberId }, select: BALANCE_FIELDS }),
    ],
    { isolationLevel: "Serializable" },
  );
  const derived = withAvailable(deriveBalances(rows.map(effectOf)).get(memberId) ?? ZERO_BALANCES);
  const stored = storedOf(row);
  // No transfers and no row is no ledger at all, e.g. a row that drifted a moment ago and was then rebuilt.
  if (rows.length === 0 && stored === null) return null;
  return drifted(stored, derived) ? { shop, memberId, stored, derived } : null;
}

interface MemberLedger {
  shop: string;
  memberId: string;
  balances: Balances;
  transfers: number;
}

/**
 * Every member's balances folded from their transfers, one member at a time, members with no transfer skipped.
 * Members are paged by id, `memberBatch` at a time, and each page's transfers read through transfers(member_id, …):
 * paging the transfers themselves in (member, id) order would make the database sort the whole ledger for every
 * page. Folding does not depend on the order of a member's transfers (deriveBalances).
 */
async function* membersFromTransfers(prisma: Prisma, shop: string | undefined, memberBatch: number): AsyncGenerator<MemberLedger> {
  let after: string | undefined;
  for (;;) {
    const members = await prisma.member.findMany({
      where: { ...(shop === undefined ? {} : { shop }), ...(after === undefined ? {} : { id: { gt: after } }) },
      orderBy: { id: "asc" },
      take: memberBatch,
      select: { id: true, shop: true },
    });
    if (members.length === 0) return;
    const rows = await prisma.transfer.findMany({ where: { memberId: { in: members.map((member) => member.id) } }, select: EFFECT_FIELDS });
    const byMember = new Map<string, EffectRow[]>();
    for (const row of rows) {
      const list = byMember.get(row.memberId);
      if (list) list.push(row);
      else byMember.set(row.memberId, [row]);
    }
    for (const member of members) {
      const transfers = byMember.get(member.id);
      if (!transfers) continue;
      const balances = transfers.reduce((folded, row) => applyTransfer(folded, effectOf(row)), ZERO_BALANCES);
      yield { shop: member.shop, memberId: member.id, balances, transfers: transfers.length };
    }
    after = members.at(-1)?.id;
  }
}

/**
 * Re-derives every member's balances from the transfers and lists the members whose stored balances differ,
 * including members with transfers but no balances row, and rows whose `available` is not posted − pending debit.
 */
export async function auditBalances(db: TallyDatabase, options: AuditOptions = {}): Promise<BalanceAudit> {
  const { prisma } = db;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  let membersChecked = 0;
  let transfersRead = 0;
  const suspects: Array<{ shop: string; memberId: string }> = [];

  async function compare(members: MemberLedger[]) {
    const rows = await prisma.balance.findMany({ where: { memberId: { in: members.map((m) => m.memberId) } }, select: BALANCE_FIELDS });
    const byMember = new Map(rows.map((row) => [row.memberId, row]));
    for (const member of members) {
      if (drifted(storedOf(byMember.get(member.memberId)), withAvailable(member.balances))) suspects.push(member);
    }
    membersChecked += members.length;
    transfersRead += members.reduce((total, member) => total + member.transfers, 0);
  }

  let batch: MemberLedger[] = [];
  for await (const member of membersFromTransfers(prisma, options.shop, batchSize)) {
    batch.push(member);
    if (batch.length < batchSize) continue;
    await compare(batch);
    batch = [];
  }
  if (batch.length > 0) await compare(batch);

  // Rows of members without a single transfer: any figure but zero there is drift.
  const orphans = await prisma.balance.findMany({
    where: { ...(options.shop === undefined ? {} : { shop: options.shop }), member: { transfers: { none: {} } } },
    orderBy: { memberId: "asc" },
    select: BALANCE_FIELDS,
  });
  const zero = withAvailable(ZERO_BALANCES);
  for (const row of orphans) {
    if (drifted(storedOf(row), zero)) suspects.push(row);
  }
  membersChecked += orphans.length;

  const drift: BalanceDrift[] = [];
  for (const suspect of suspects) {
    const confirmed = await confirmDrift(prisma, suspect.shop, suspect.memberId);
    if (confirmed) drift.push(confirmed);
  }
  return { membersChecked, transfersRead, drift };
}

/** One day, code and status of a shop's ledger: its points and how many transfers they came from. */
export interface DailySum {
  points: number;
  transfers: number;
}

export interface DailySumDrift {
  shop: string;
  day: string;
  code: string;
  status: string;
  /** The ledger_daily row; null when the transfers have that day, code and status but the row is missing. */
  stored: DailySum | null;
  /** What the transfers add up to; null when a row sums transfers that do not exist. */
  derived: DailySum | null;
}

export interface DailySumAudit {
  /** Day, code and status groups compared: those the transfers have or ledger_daily holds. */
  groupsChecked: number;
  drift: DailySumDrift[];
}

type DailyRow = { shop: string; day: string; code: string; status: string; points: bigint | number | string; transfers: bigint | number | string };

const groupKey = (row: { shop: string; day: string; code: string; status: string }) => `${row.shop}\u0000${row.day}\u0000${row.code}\u0000${row.status}`;
const sumOf = (row: DailyRow): DailySum => ({ points: Number(row.points), transfers: Number(row.transfers) });

/**
 * Compares ledger_daily, the per-day sums the dashboard reads (docs/decisions/014-live-dashboard-rollups.md), with
 * the transfers grouped the same way. Both are read in one transaction, so a transfer written meanwhile (which
 * changes both together) is not mistaken for drift.
 */
export async function auditDailySums(db: TallyDatabase, options: Pick<AuditOptions, "shop"> = {}): Promise<DailySumAudit> {
  const { prisma } = db;
  const day = db.kind === "postgres" ? `to_char(created_at, 'YYYY-MM-DD')` : "substr(created_at, 1, 10)";
  const where = options.shop === undefined ? "" : db.kind === "postgres" ? "WHERE shop = $1" : "WHERE shop = ?";
  const params = options.shop === undefined ? [] : [options.shop];
  const [derivedRows, storedRows] = await prisma.$transaction(
    [
      prisma.$queryRawUnsafe<DailyRow[]>(
        `SELECT shop, ${day} AS day, code, status, CAST(SUM(points) AS BIGINT) AS points, COUNT(*) AS transfers
         FROM transfers ${where} GROUP BY shop, ${day}, code, status`,
        ...params,
      ),
      prisma.$queryRawUnsafe<DailyRow[]>(`SELECT shop, day, code, status, points, transfers FROM ledger_daily ${where}`, ...params),
    ],
    { isolationLevel: "Serializable" },
  );
  const groups = new Map<string, DailySumDrift>();
  for (const row of derivedRows) groups.set(groupKey(row), { shop: row.shop, day: row.day, code: row.code, status: row.status, stored: null, derived: sumOf(row) });
  for (const row of storedRows) {
    const group = groups.get(groupKey(row)) ?? { shop: row.shop, day: row.day, code: row.code, status: row.status, stored: null, derived: null };
    group.stored = sumOf(row);
    groups.set(groupKey(row), group);
  }
  const same = (a: DailySum | null, b: DailySum | null) => (a?.points ?? 0) === (b?.points ?? 0) && (a?.transfers ?? 0) === (b?.transfers ?? 0);
  const drift = [...groups.values()]
    .filter((group) => !same(group.stored, group.derived))
    .sort((a, b) => groupKey(a).localeCompare(groupKey(b)));
  return { groupsChecked: groups.size, drift };
}
