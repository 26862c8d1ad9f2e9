// One HTTP POST to a merchant's endpoint. The connection goes only to an address the target policy allows: the
// host is resolved here and each address checked before connecting, so a public name that resolves to a private
// address is refused at the moment it would be used. Redirects are not followed (a 3xx is a failed attempt).
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { addressAllowed, checkEndpointUrl, type TargetPolicy } from "./target-policy";

export const TIMEOUT_MS = 10_000;
/** What a receiver's answer may weigh before Tally stops reading it; only the status matters. */
const MAX_ANSWER_BYTES = 64 * 1024;

export type PostOutcome = { ok: true; status: number } | { ok: false; status: number | null; error: string };

function guardedLookup(policy: TargetPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, "", 4);
      const list = addresses as unknown as LookupAddress[];
      const refused = list.find((entry) => !addressAllowed(entry.address, policy));
      if (refused || list.length === 0) {
        return callback(Object.assign(new Error(`${hostname} resolves to ${refused?.address ?? "no address"}, which is not a public address`), { code: "ETALLYPRIVATE" }), "", 4);
      }
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      const first = list[0] as LookupAddress;
      callback(null, first.address, first.family);
    });
  };
}

export function postWebhook(target: string, headers: Record<string, string>, body: string, policy: TargetPolicy): Promise<PostOutcome> {
  const checked = checkEndpointUrl(target, policy);
  if (!checked.ok) return Promise.resolve({ ok: false, status: null, error: `The URL is not allowed (${checked.problem}).` });
  const url = new URL(checked.url);
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    const request = client.request(
      url,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        lookup: guardedLookup(policy),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      },
      (response) => {
        let read = 0;
        response.on("data", (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_ANSWER_BYTES) response.destroy();
        });
        const done = () => {
          const status = response.statusCode ?? 0;
          resolve(status >= 200 && status < 300 ? { ok: true, status } : { ok: false, status, error: `The endpoint answered ${status}.` });
        };
        response.on("end", done);
        response.on("close", done);
        response.on("error", done);
      },
    );
    request.on("error", (error: Error & { code?: string }) => {
      const timedOut = error.name === "AbortError" || error.name === "TimeoutError";
      resolve({ ok: false, status: null, error: timedOut ? `No answer within ${TIMEOUT_MS / 1000} seconds.` : `Could not connect: ${error.message}` });
    });
    request.end(body);
  });
}
