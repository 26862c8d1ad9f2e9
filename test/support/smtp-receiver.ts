// A merchant's email provider as the tests play it: a real SMTP server (the smtp-server package) on a loopback
// port, requiring a login, that records every message it accepts, parsed (mailparser), and refuses the next ones
// with a temporary error when told to.
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface ReceivedEmail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** Header lines as sent, by lower-case name (the last one of a name wins). */
  headers: Map<string, string>;
}

export interface SmtpReceiver {
  port: number;
  user: string;
  password: string;
  received: ReceivedEmail[];
  /** Messages to `to`. */
  to(address: string): ReceivedEmail[];
  /** Refuse the next `count` messages with 451 (a temporary failure: the sender retries). */
  refuseNext(count: number): void;
  close(): Promise<void>;
}

export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const user = "tally-shop";
  const password = "smtp-s3cret-password";
  const received: ReceivedEmail[] = [];
  let refusals = 0;
  const server = new SMTPServer({
    // Plain SMTP on loopback, as security "none" in the email settings: no certificate to trust in tests.
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    authMethods: ["PLAIN", "LOGIN"],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === password) return callback(null, { user });
      return callback(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if (refusals > 0) {
          refusals -= 1;
          return callback(Object.assign(new Error("Try again later"), { responseCode: 451 }));
        }
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((mail) => {
            const headers = new Map<string, string>();
            for (const line of mail.headerLines) headers.set(line.key.toLowerCase(), line.line.slice(line.line.indexOf(":") + 1).replace(/\r?\n\s+/g, " ").trim());
            received.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
              subject: mail.subject ?? "",
              text: mail.text ?? "",
              html: typeof mail.html === "string" ? mail.html : "",
              headers,
            });
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    user,
    password,
    received,
    to: (address) => received.filter((email) => email.to.includes(address)),
    refuseNext: (count) => {
      refusals = count;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
