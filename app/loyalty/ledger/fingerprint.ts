import { createHash } from "node:crypto";
import type { LedgerRequest } from "./transfers";

/**
 * A digest of what a request asks for, stored with the transfer it creates. A later request with the same
 * idempotency key is a replay when its fingerprint matches, and a conflict when it does not. Who asked (actor)
 * is not part of it: the same event retried by another worker is still the same event.
 */
export function fingerprintOf(request: LedgerRequest): string {
  const content =
    request.kind === "record"
      ? [
          "record",
          request.memberId,
          request.code,
          request.points,
          request.status,
          request.orderId ?? null,
          request.memo ?? null,
          request.requireAvailable ?? false,
          // Only when set, so that every fingerprint stored before it existed still matches its request.
          ...(request.requestRef === undefined ? [] : [request.requestRef]),
        ]
      : request.kind === "resolve"
        ? ["resolve", request.pendingId, request.outcome, request.outcome === "void" ? (request.code ?? null) : null, request.memo ?? null]
        : ["reverse", request.transferId, request.points, request.code, request.memo ?? null];
  return createHash("sha256").update(JSON.stringify(content)).digest("hex");
}
