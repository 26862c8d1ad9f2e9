// Creates discount codes in the shop through the Admin API. Every failure — Shopify's userErrors, a rejected
// document, no offline session, the network — comes back as a DiscountCreationError the caller can undo after.
import { CODE_DISCOUNT_BY_CODE, codeDiscountByCodeData } from "~/shopify-admin/code-discount-by-code-query";
import {
  DISCOUNT_CODE_BASIC_CREATE,
  DISCOUNT_CODE_FREE_SHIPPING_CREATE,
  discountCodeBasicCreateData,
  discountCodeFreeShippingCreateData,
  type DiscountCreatePayload,
} from "~/shopify-admin/discount-code-create-mutations";
import { DISCOUNT_CODE_BASIC_UPDATE, discountCodeBasicUpdateData } from "~/shopify-admin/discount-code-basic-update-mutation";
import { runAdminQuery, type AdminGraphql } from "~/shopify-admin/run-admin-query.server";
import type { RewardDiscountInput } from "./discount-inputs";

/** The shop's Admin API client (its offline session); injected so the job runner's pattern applies here too. */
export type AdminFor = (shop: string) => Promise<AdminGraphql>;

export class DiscountCreationError extends Error {
  override name = "DiscountCreationError";
  constructor(
    message: string,
    /** Shopify's userError codes, e.g. TAKEN when the code exists already. */
    readonly codes: string[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

function createdId(payload: DiscountCreatePayload, code: string): string {
  const problems = payload?.userErrors ?? [];
  if (problems.length > 0 || !payload?.codeDiscountNode) {
    throw new DiscountCreationError(
      `Shopify did not save discount ${code}: ${problems.map((p) => p.message).join("; ") || "no discount returned"}`,
      problems.map((p) => p.code ?? "").filter(Boolean),
    );
  }
  return payload.codeDiscountNode.id;
}

async function adminOrFail(adminFor: AdminFor, shop: string): Promise<AdminGraphql> {
  try {
    return await adminFor(shop);
  } catch (error) {
    throw new DiscountCreationError(`No Admin API access for ${shop}`, [], { cause: error });
  }
}

/** Creates the discount and returns its id (gid://shopify/DiscountCodeNode/…). */
export async function createDiscount(adminFor: AdminFor, shop: string, code: string, discount: RewardDiscountInput): Promise<string> {
  const admin = await adminOrFail(adminFor, shop);
  try {
    if (discount.mutation === "free_shipping") {
      const data = await runAdminQuery(admin, DISCOUNT_CODE_FREE_SHIPPING_CREATE, { freeShippingCodeDiscount: discount.input }, discountCodeFreeShippingCreateData);
      return createdId(data.discountCodeFreeShippingCreate, code);
    }
    const data = await runAdminQuery(admin, DISCOUNT_CODE_BASIC_CREATE, { basicCodeDiscount: discount.input }, discountCodeBasicCreateData);
    return createdId(data.discountCodeBasicCreate, code);
  } catch (error) {
    if (error instanceof DiscountCreationError) throw error;
    throw new DiscountCreationError(`Creating discount code ${code} failed: ${(error as Error).message}`, [], { cause: error });
  }
}

/** Changes a basic code discount; `input` holds only the fields to change. */
export async function updateBasicDiscount(adminFor: AdminFor, shop: string, discountId: string, input: Record<string, unknown>): Promise<void> {
  const admin = await adminOrFail(adminFor, shop);
  try {
    const data = await runAdminQuery(admin, DISCOUNT_CODE_BASIC_UPDATE, { id: discountId, basicCodeDiscount: input }, discountCodeBasicUpdateData);
    createdId(data.discountCodeBasicUpdate, discountId);
  } catch (error) {
    if (error instanceof DiscountCreationError) throw error;
    throw new DiscountCreationError(`Updating discount ${discountId} failed: ${(error as Error).message}`, [], { cause: error });
  }
}

/** The discount behind an existing code and its title, or null when the shop has no such code. */
export async function findDiscountByCode(adminFor: AdminFor, shop: string, code: string): Promise<{ id: string; title: string | null } | null> {
  const admin = await adminOrFail(adminFor, shop);
  try {
    const node = (await runAdminQuery(admin, CODE_DISCOUNT_BY_CODE, { code }, codeDiscountByCodeData)).codeDiscountNodeByCode;
    return node ? { id: node.id, title: node.codeDiscount.title ?? null } : null;
  } catch (error) {
    throw new DiscountCreationError(`Looking up discount code ${code} failed: ${(error as Error).message}`, [], { cause: error });
  }
}
