// The merchant's SMTP password, sealed with AES-256-GCM under a key derived from the app's secret: the database
// alone does not give it away, and no page ever shows it back (docs/emails.md).
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

function key(appSecret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", appSecret, "tally", "tally-smtp-password", 32));
}

/** "v1.<iv>.<tag>.<ciphertext>", base64url. */
export function sealSmtpPassword(appSecret: string, password: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(appSecret), iv);
  const sealed = Buffer.concat([cipher.update(password, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), sealed.toString("base64url")].join(".");
}

/** Null when it was sealed under another secret or altered. */
export function openSmtpPassword(appSecret: string, sealed: string): string | null {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || body === undefined) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key(appSecret), Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
