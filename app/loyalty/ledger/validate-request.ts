import { isTransferCode } from "./transfer-codes";
import type { LedgerRequest } from "./transfers";

/** Points are 32-bit integers in storage; no single transfer comes near this. */
export const MAX_TRANSFER_POINTS = 1_000_000_000;
const MAX_KEY_LENGTH = 255;

/** Why a request cannot be carried out whatever the ledger holds, or null when it is well formed. */
export function requestProblem(request: LedgerRequest): string | null {
  if (request.shop.trim() === "") return "shop is required";
  if (request.idempotencyKey.trim() === "") return "idempotencyKey is required";
  if (request.idempotencyKey.length > MAX_KEY_LENGTH) return `idempotencyKey is longer than ${MAX_KEY_LENGTH} characters`;
  if (request.actor !== undefined && request.actor.trim() === "") return "actor, when given, must not be empty";
  switch (request.kind) {
    case "record":
      if (!isTransferCode(request.code)) return `unknown transfer code ${String(request.code)}`;
      if (!Number.isSafeInteger(request.points) || request.points === 0) return "points must be a non-zero integer";
      if (Math.abs(request.points) > MAX_TRANSFER_POINTS) return `points must be at most ${MAX_TRANSFER_POINTS} in size`;
      if (request.requireAvailable && request.points > 0) return "only a debit can require available points";
      return null;
    case "resolve":
      if (request.outcome === "void" && request.code !== undefined && !isTransferCode(request.code)) {
        return `unknown transfer code ${String(request.code)}`;
      }
      return null;
    case "reverse":
      if (!isTransferCode(request.code)) return `unknown transfer code ${String(request.code)}`;
      if (!Number.isSafeInteger(request.points) || request.points <= 0) return "points to reverse must be a positive integer";
      return null;
  }
}
