// One message to the merchant's SMTP server through nodemailer. The host is resolved here and its address checked
// as outgoing webhooks check theirs (app/loyalty/outgoing-webhooks/target-policy.ts), then nodemailer connects to
// that address, naming the host for TLS: a merchant's setting cannot make Tally talk to its own network.
import { lookup } from "node:dns/promises";
import nodemailer from "nodemailer";
import { addressAllowed, type TargetPolicy } from "~/loyalty/outgoing-webhooks/target-policy";
import type { SmtpServer } from "./email-settings";
import { openSmtpPassword } from "./smtp-password";

export interface OutgoingMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The sender's display name (the shop's name). */
  fromName: string;
  headers: Record<string, string>;
}

/** A refusal Tally should not retry (a 5xx from the server: a bad address, a refused login, a rejected sender). */
export type SmtpOutcome = { ok: true } | { ok: false; permanent: boolean; error: string };

const TIMEOUT_MS = 20_000;

export async function deliverOverSmtp(server: SmtpServer, message: OutgoingMessage, appSecret: string, policy: TargetPolicy): Promise<SmtpOutcome> {
  let address: string;
  try {
    const addresses = await lookup(server.host, { all: true });
    const refused = addresses.find((entry) => !addressAllowed(entry.address, policy));
    if (refused || addresses.length === 0) return { ok: false, permanent: true, error: `${server.host} resolves to ${refused?.address ?? "no address"}, which is not a public address.` };
    address = (addresses[0] as { address: string }).address;
  } catch (error) {
    return { ok: false, permanent: false, error: `Could not find ${server.host}: ${(error as Error).message}` };
  }
  const password = server.sealedPassword ? openSmtpPassword(appSecret, server.sealedPassword) : null;
  if (server.sealedPassword && password === null) return { ok: false, permanent: true, error: "The stored SMTP password cannot be read: enter it again in the email settings." };
  const transport = nodemailer.createTransport({
    host: address,
    port: server.port,
    secure: server.security === "tls",
    requireTLS: server.security === "starttls",
    ignoreTLS: server.security === "none",
    tls: { servername: server.host },
    auth: server.user ? { user: server.user, pass: password ?? "" } : undefined,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
  try {
    await transport.sendMail({
      from: { name: message.fromName, address: server.fromAddress },
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      headers: message.headers,
    });
    return { ok: true };
  } catch (error) {
    const code = (error as { responseCode?: number }).responseCode;
    return { ok: false, permanent: typeof code === "number" && code >= 500, error: (error as Error).message };
  } finally {
    transport.close();
  }
}
