// How large a request body each family of paths may send, decided from the path alone so the server can refuse
// an oversized body before reading it. Shopify documents no cap for HTTPS webhook bodies; its EventBridge
// deliveries stop at 1,000,000 bytes and its staff speak of bodies "upwards of a megabyte", so 5 MB leaves room.
// Everything a shopper or a form sends is a few hundred bytes; the balance import is the one large upload.

export type BodyLimitFamily = "webhooks" | "shopper" | "import" | "admin" | "public-api" | "other";

export interface BodyLimit {
  family: BodyLimitFamily;
  bytes: number;
}

const KB = 1024;
const MB = 1024 * KB;

/** The import page answers a file over 20 MB itself, with the form and a banner; beyond 24 MB the server does. */
export const IMPORT_UPLOAD_BYTES = 24 * MB;

export const BODY_LIMITS: Readonly<Record<BodyLimitFamily, number>> = {
  webhooks: 5 * MB,
  shopper: 64 * KB,
  import: IMPORT_UPLOAD_BYTES,
  admin: 256 * KB,
  "public-api": 64 * KB,
  other: 64 * KB,
};

function family(path: string): BodyLimitFamily {
  if (path.startsWith("/webhooks/")) return "webhooks";
  if (path.startsWith("/api/shopper/") || path.startsWith("/apps/")) return "shopper";
  if (path === "/app/import-export" || path === "/app/import-export/") return "import";
  if (path === "/app" || path.startsWith("/app/")) return "admin";
  if (path.startsWith("/api/v1/")) return "public-api";
  return "other";
}

export function bodyLimitFor(path: string): BodyLimit {
  const name = family(path);
  return { family: name, bytes: BODY_LIMITS[name] };
}

function size(bytes: number): string {
  return bytes >= MB ? `${bytes / MB} MB` : `${bytes / KB} KB`;
}

/** What the refused sender reads: the limit, and what to do instead. */
export function bodyTooLargeMessage(limit: BodyLimit): string {
  switch (limit.family) {
    case "webhooks":
      return `The webhook body is larger than ${size(limit.bytes)}; Tally does not read it.`;
    case "import":
      return `The upload is larger than ${size(limit.bytes)}. Split the file into files of at most 20 MB and import them one by one.`;
    default:
      return `The request body is larger than ${size(limit.bytes)}, the most this address accepts; send a smaller request.`;
  }
}
