// Transfer ids: UUIDs of version 7 (RFC 9562), whose first 48 bits are the Unix time in milliseconds and whose
// other 74 are random. A random (version 4) id put each new transfer at a random place in the transfers' primary
// key, so every transfer of a settled batch changed another page of that index, each written to the database's
// log at the batch's commit; ids that grow with time are appended where the last one went
// (docs/decisions/067-transfer-ids-grow-with-time.md). They are as unguessable as ever where it matters: every
// read by id is also by shop.
import { randomFillSync } from "node:crypto";

/** A version 7 UUID for the moment `ms` (Unix milliseconds). */
export function timeOrderedId(ms: number = Date.now()): string {
  const bytes = randomFillSync(Buffer.alloc(16));
  // 48 bits of milliseconds, big-endian (2^48 ms is past the year 10,000), then the version and the variant.
  bytes.writeUIntBE(Math.floor(ms), 0, 6);
  bytes.writeUInt8((bytes.readUInt8(6) & 0x0f) | 0x70, 6);
  bytes.writeUInt8((bytes.readUInt8(8) & 0x3f) | 0x80, 8);
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
