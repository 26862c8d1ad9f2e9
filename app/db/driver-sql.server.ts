// Prepared statements on the database driver, for the paths that run for every delivery (settling an order, the
// queue's claims): better-sqlite3 on SQLite, node-postgres on PostgreSQL, on the connection of the unit of work
// they run in, so they commit with its Prisma writes and ledger transfers
// (docs/decisions/033-settlement-on-the-driver.md). Each statement lives in the module that owns its table
// (app/db/table-owners.mjs); this module only runs them.
//
// SQL is written once for both databases, with `?` placeholders (numbered for PostgreSQL here). Values are passed
// as the domain has them: a boolean becomes 0/1 on SQLite, a Date the UTC text Prisma writes (sqlite-timestamp.ts),
// which PostgreSQL's `timestamp(3)` columns read as UTC too. Rows come back with the database's types: read
// booleans with `Boolean(…)`, timestamps with `dateOf`, counts and sums with `Number(…)`.
import type Database from "better-sqlite3";
import pg from "pg";
import type { DatabaseKind } from "./database-url";
import { timestampText } from "./sqlite-timestamp";

export type SqlRow = object;

export interface DriverSql {
  kind: DatabaseKind;
  /** Every row a statement returns. */
  all<R extends SqlRow = SqlRow>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** The first row, or undefined. */
  get<R extends SqlRow = SqlRow>(sql: string, params?: readonly unknown[]): Promise<R | undefined>;
  /** Runs a writing statement; returns how many rows it changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
  /** Runs a statement without parameters or rows, unprepared (SAVEPOINT, RELEASE…). */
  exec(sql: string): Promise<void>;
}

/** A timestamp column's value as a Date (SQLite keeps text, PostgreSQL's driver gives a Date); null stays null. */
export function dateOf(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(value as string);
}

/** `?, ?, ?` for a list of `n` values (an `IN (…)`). */
export function placeholders(n: number): string {
  return Array.from({ length: n }, () => "?").join(", ");
}

function sqliteValue(value: unknown): unknown {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value instanceof Date) return timestampText(value);
  return value === undefined ? null : value;
}

/**
 * Statements on a better-sqlite3 connection, prepared once per SQL text. `guard` wraps each call: inside a unit
 * of work the unit already holds the connection (run at once); outside one, it waits its turn and for the write
 * lock (sqlite-connection.server.ts).
 */
export function sqliteDriverSql(raw: Database.Database, guard: <T>(work: () => T) => Promise<T>): DriverSql {
  const cache = new Map<string, Database.Statement<unknown[]>>();
  const prepared = (sql: string) => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = raw.prepare<unknown[]>(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
  const values = (params: readonly unknown[]) => params.map(sqliteValue);
  return {
    kind: "sqlite",
    all: (sql, params = []) => guard(() => prepared(sql).all(...values(params)) as never),
    get: (sql, params = []) => guard(() => prepared(sql).get(...values(params)) as never),
    run: (sql, params = []) => guard(() => prepared(sql).run(...values(params)).changes),
    exec: (sql) => guard(() => void prepared(sql).run()),
  };
}

const TIMESTAMP_WITHOUT_TIME_ZONE = 1114;
const INT8 = 20;

// Prisma stores DateTime as UTC in `timestamp(3)` columns; node-postgres would read them as local time. Counts
// (int8) come back as numbers: no count here comes near 2^53.
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === TIMESTAMP_WITHOUT_TIME_ZONE
      ? (value: string) => new Date(`${value.replace(" ", "T")}Z`)
      : oid === INT8
        ? (value: string) => Number(value)
        : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
};

/** Each SQL text's PostgreSQL form (`$1, $2, …`) and the name it is prepared under on every connection. */
const postgresForms = new Map<string, { text: string; name: string }>();

function postgresForm(sql: string) {
  let form = postgresForms.get(sql);
  if (!form) {
    let n = 0;
    form = { text: sql.replace(/\?/g, () => `$${++n}`), name: `tally_${postgresForms.size}` };
    postgresForms.set(sql, form);
  }
  return form;
}

function postgresValue(value: unknown): unknown {
  if (value instanceof Date) return timestampText(value);
  return value === undefined ? null : value;
}

/** Statements on a node-postgres client or pool, each a named (server-side prepared) statement. */
export function postgresDriverSql(client: pg.ClientBase | pg.Pool): DriverSql {
  const query = async <R extends SqlRow>(sql: string, params: readonly unknown[]) => {
    const { text, name } = postgresForm(sql);
    return client.query<R>({ name, text, values: params.map(postgresValue), types });
  };
  return {
    kind: "postgres",
    all: async (sql, params = []) => (await query(sql, params)).rows as never,
    get: async (sql, params = []) => (await query(sql, params)).rows[0] as never,
    run: async (sql, params = []) => (await query(sql, params)).rowCount ?? 0,
    exec: async (sql) => void (await client.query(sql)),
  };
}
