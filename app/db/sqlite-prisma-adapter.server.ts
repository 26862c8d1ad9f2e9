// Prisma's driver adapter over Tally's own SQLite connection (sqlite-connection.server.ts), so that Prisma, the
// ledger writer and the webhook intake share one connection and a unit of work can be one transaction.
//
// Prisma's better-sqlite3 adapter opens its connection itself and offers no way to hand it one. Its statement
// handling (argument and row conversion, error mapping) is what we want, so we take an adapter from its factory and
// point it at our connection; what we change is around it: every top-level query takes the connection's gate, and a
// transaction holds the gate until COMMIT or ROLLBACK (a unit of work's starts with `BEGIN IMMEDIATE`). Prisma's
// own adapter lets its top-level queries run inside whatever transaction is open on its connection.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type Database from "better-sqlite3";
import type { SqliteConnection } from "./sqlite-connection.server";

type SqlDriverAdapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;
type Transaction = Awaited<ReturnType<SqlDriverAdapter["startTransaction"]>>;
type SqlQuery = Parameters<SqlDriverAdapter["executeRaw"]>[0];

/** Prisma's statements kept compiled, by SQL text: preparing each query again cost about a tenth of a delivery's work. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * What Prisma's adapter needs of a better-sqlite3 connection: `prepare(sql).bind(args)`, then `run()`, or
 * `columns()` and `raw().all()` for a reader. Statements are reused from a small cache (better-sqlite3 binds a
 * statement once, so the arguments go to each call instead). They read integers as BigInt, as the adapter's own
 * connection does (`defaultSafeIntegers(true)`); the ledger's statements on the same connection keep plain numbers.
 */
function prismaView(connection: SqliteConnection) {
  const cache = new Map<string, Database.Statement<unknown[]>>();
  function statement(sql: string): Database.Statement<unknown[]> {
    const cached = cache.get(sql);
    if (cached) {
      cache.delete(sql);
      cache.set(sql, cached);
      return cached;
    }
    const prepared = connection.raw.prepare<unknown[]>(sql).safeIntegers(true);
    cache.set(sql, prepared);
    if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    return prepared;
  }
  return {
    prepare(sql: string) {
      const prepared = statement(sql);
      return {
        bind: (args: unknown[]) => ({
          reader: prepared.reader,
          run: () => prepared.run(args),
          columns: () => prepared.columns(),
          raw: () => ({ all: () => prepared.raw(true).all(args) }),
        }),
      };
    },
    exec: (sql: string) => connection.raw.exec(sql),
    // The connection is Tally's; closing the database closes it.
    close: () => undefined,
  };
}

async function adapterOver(connection: SqliteConnection): Promise<SqlDriverAdapter> {
  const adapter = await new PrismaBetterSQLite3({ url: ":memory:" }).connect();
  const fields = adapter as unknown as { client: { close(): void } };
  fields.client.close();
  fields.client = prismaView(connection);
  return adapter;
}

export function sqlitePrismaAdapter(connection: SqliteConnection) {
  return {
    provider: "sqlite" as const,
    adapterName: "@prisma/adapter-better-sqlite3",
    async connect(): Promise<SqlDriverAdapter> {
      const inner = await adapterOver(connection);
      // Prisma sends COMMIT and ROLLBACK as statements, then calls commit() or rollback(); a failing statement
      // must still give the connection back, or every later query would wait for it.
      // A COMMIT always runs: should SQLite have rolled the transaction back by itself, it fails and so does the unit.
      const finish = (release: () => void) => async (query: SqlQuery) => {
        try {
          if (/^COMMIT$/i.test(query.sql.trim()) || connection.raw.inTransaction) connection.raw.exec(query.sql);
          return 0;
        } catch (error) {
          if (connection.raw.inTransaction) connection.raw.exec("ROLLBACK");
          throw error;
        } finally {
          release();
        }
      };
      return {
        provider: inner.provider,
        adapterName: inner.adapterName,
        // Prisma's own async context is not the caller's for a batched findUnique (sqlite-connection.server.ts).
        queryRaw: (query) => connection.write(() => inner.queryRaw(query), "maybe another's"),
        executeRaw: (query) => connection.write(() => inner.executeRaw(query), "maybe another's"),
        executeScript: (script) => connection.exclusive(() => inner.executeScript(script)),
        dispose: () => Promise.resolve(),
        async startTransaction(isolationLevel): Promise<Transaction> {
          if (isolationLevel && isolationLevel !== "SERIALIZABLE") {
            throw new Error(`SQLite transactions are serializable; ${isolationLevel} was asked`);
          }
          const release = await connection.begin();
          const end = finish(release);
          return {
            provider: inner.provider,
            adapterName: inner.adapterName,
            options: { usePhantomQuery: false },
            queryRaw: (query) => inner.queryRaw(query),
            executeRaw: (query) => (/^(COMMIT|ROLLBACK)$/i.test(query.sql.trim()) ? end(query) : inner.executeRaw(query)),
            commit: async () => release(),
            rollback: async () => release(),
          };
        },
      };
    },
  };
}
