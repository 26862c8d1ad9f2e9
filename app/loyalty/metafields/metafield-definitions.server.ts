// The customer metafield definitions Tally writes under: created on install (app/shopify.server.ts's afterAuth)
// and, for a shop where that failed or that was installed before them, by the job runner. Creating one that
// exists is answered TAKEN, which counts as done, so running it twice creates nothing twice.
import type { TallyDatabase, Writer } from "~/db/database.server";
import type { ReportJobFailure } from "~/loyalty/job-failures";
import { METAFIELD_DEFINITION_CREATE, metafieldDefinitionCreateData } from "~/shopify-admin/metafield-definition-create-mutation";
import { runAdminQuery, type AdminGraphql } from "~/shopify-admin/run-admin-query.server";
import { METAFIELD_DEFINITIONS, METAFIELD_NAMESPACE, nextAttemptAt } from "./customer-metafields";
import { recordDefinitions, recordDefinitionsFailed } from "./metafield-store.server";

/** The shop's Admin API client (its offline session); the job runner and tests pass theirs. */
export type AdminFor = (shop: string) => Promise<AdminGraphql>;

/** The input of one definition: readable by the storefront (Liquid, Shopify Email) and customer accounts. */
export function definitionInput(definition: (typeof METAFIELD_DEFINITIONS)[number]) {
  return {
    namespace: METAFIELD_NAMESPACE,
    key: definition.key,
    name: definition.name,
    description: definition.description,
    type: definition.type,
    ownerType: "CUSTOMER",
    // Admin access stays the app-owned default, MERCHANT_READ: staff see the values and cannot edit them.
    access: { storefront: "PUBLIC_READ", customerAccount: "READ" },
  };
}

/** Creates the three definitions, or finds them there; returns the namespace as Shopify expanded it, when it said. */
export async function createMetafieldDefinitions(admin: AdminGraphql): Promise<string | null> {
  let namespace: string | null = null;
  for (const definition of METAFIELD_DEFINITIONS) {
    const { metafieldDefinitionCreate: result } = await runAdminQuery(admin, METAFIELD_DEFINITION_CREATE, { definition: definitionInput(definition) }, metafieldDefinitionCreateData);
    if (!result) throw new Error(`Shopify did not create the ${definition.key} metafield definition`);
    const problems = result.userErrors.filter((error) => error.code !== "TAKEN");
    if (problems.length > 0) throw new Error(`Shopify did not create the ${definition.key} metafield definition: ${problems.map((p) => `${p.message} (${p.code ?? "no code"})`).join("; ")}`);
    namespace = result.createdDefinition?.namespace ?? namespace;
  }
  return namespace;
}

/** Creates the definitions and records the outcome: done, or tried again by the job runner after a backoff. */
export async function ensureMetafieldDefinitions(db: Writer, admin: AdminGraphql, shop: string, now: Date, attempts = 0): Promise<boolean> {
  try {
    await recordDefinitions(db, shop, now, await createMetafieldDefinitions(admin));
    return true;
  } catch (error) {
    await recordDefinitionsFailed(db, shop, error instanceof Error ? error.message : String(error), nextAttemptAt(attempts + 1, now));
    throw error;
  }
}

/**
 * The job: of the shops Tally can reach (installed, with an offline session: the job runner says which), those
 * whose definitions are not known to exist and that are not backing off.
 */
export async function repairMetafieldDefinitions(db: TallyDatabase, now: Date, shops: readonly string[], adminFor: AdminFor, report: ReportJobFailure): Promise<number> {
  const states = new Map((await db.read.customerMetafieldShop.findMany({ where: { shop: { in: [...shops] } } })).map((state) => [state.shop, state]));
  let created = 0;
  for (const domain of shops) {
    const state = states.get(domain);
    if (state?.definitionsAt || (state?.notBefore && state.notBefore > now)) continue;
    const attempts = state?.attempts ?? 0;
    try {
      let admin: AdminGraphql;
      try {
        admin = await adminFor(domain);
      } catch (error) {
        await recordDefinitionsFailed(db, domain, `No Admin API access: ${error instanceof Error ? error.message : String(error)}`, nextAttemptAt(attempts + 1, now));
        throw error;
      }
      await ensureMetafieldDefinitions(db, admin, domain, now, attempts);
      created += 1;
    } catch (error) {
      report({ job: "customer metafield definitions", shop: domain }, error);
    }
  }
  return created;
}
