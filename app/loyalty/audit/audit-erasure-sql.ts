// The statements that erase audit events: the audit log's own, run by the ledger's stores inside their erasure
// because the append-only triggers allow them only while the ledger's mark is set, in the same transaction
// (app/loyalty/ledger/ledger-rows.server.ts; docs/decisions/019-customer-redaction.md).

/** shop/redact: every audit event of the shop. Parameter: (shop). */
export const ERASE_SHOP_AUDIT_EVENTS_SQL = "DELETE FROM audit_events WHERE shop = ?";

/** customers/redact: the reason staff typed on the member's events. Parameters: (note, memberId). */
export const ERASE_MEMBER_AUDIT_REASONS_SQL = {
  sqlite: "UPDATE audit_events SET details = json_set(details, '$.reason', ?) WHERE subject_id = ? AND json_extract(details, '$.reason') IS NOT NULL",
  postgres: "UPDATE audit_events SET details = jsonb_set(details::jsonb, '{reason}', to_jsonb(?::text))::text WHERE subject_id = ? AND details::jsonb ->> 'reason' IS NOT NULL",
} as const;
