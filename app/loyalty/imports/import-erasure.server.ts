// What the privacy webhooks erase of imports, written by the imports' owner (app/db/table-owners.mjs).
import { prismaOf, type Writer } from "~/db/database.server";

/** customers/redact: an import not yet run keeps its rows with the customer taken out of them. */
export async function replaceImportRows(db: Writer, runId: string, rows: readonly unknown[]): Promise<void> {
  await prismaOf(db).importRun.update({ where: { id: runId }, data: { rows: JSON.stringify(rows) } });
}

/** shop/redact: every import of the shop; returns how many. */
export async function eraseShopImports(db: Writer, shop: string): Promise<number> {
  return (await prismaOf(db).importRun.deleteMany({ where: { shop } })).count;
}
