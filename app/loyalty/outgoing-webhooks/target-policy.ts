// Where Tally may send a merchant's webhooks. A URL is checked when it is registered, and every address its host
// resolves to is checked again when a delivery connects (send-webhook.server.ts), so a name that later resolves
// inside the network Tally runs in is refused too (SSRF).
import { BlockList, isIP } from "node:net";

export interface TargetPolicy {
  /** Tests and the demo: plain http:// and loopback addresses allowed (TALLY_WEBHOOKS_ALLOW_LOOPBACK, never in production). */
  allowLoopback: boolean;
}

export const STRICT_POLICY: TargetPolicy = { allowLoopback: false };

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");

/** Addresses that are not on the public internet: private, loopback, link-local, shared, reserved, multicast. */
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b::", 96],
  ["100::", 64],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, "ipv6");
}

/** An IPv4 address written as IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it is. */
function unmapped(address: string): { address: string; family: "ipv4" | "ipv6" } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return { address: mapped[1], family: "ipv4" };
  return { address, family: isIP(address) === 4 ? "ipv4" : "ipv6" };
}

export function isLoopbackAddress(address: string): boolean {
  const { address: plain, family } = unmapped(address);
  return LOOPBACK.check(plain, family);
}

/** Whether a delivery may connect to this resolved address. */
export function addressAllowed(address: string, policy: TargetPolicy): boolean {
  const { address: plain, family } = unmapped(address);
  if (policy.allowLoopback && LOOPBACK.check(plain, family)) return true;
  return !NOT_PUBLIC.check(plain, family);
}

export type UrlProblem = "invalid_url" | "not_https" | "credentials" | "private_target";

/** A URL a merchant may register, as Tally will call it; or why not. */
export function checkEndpointUrl(raw: string, policy: TargetPolicy): { ok: true; url: string } | { ok: false; problem: UrlProblem } {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, problem: "invalid_url" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, problem: "invalid_url" };
  if (url.username || url.password) return { ok: false, problem: "credentials" };
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const loopbackHost = host === "localhost" || host.endsWith(".localhost") || (isIP(host) !== 0 && isLoopbackAddress(host));
  if (url.protocol === "http:" && !(policy.allowLoopback && loopbackHost)) return { ok: false, problem: "not_https" };
  if (loopbackHost && !policy.allowLoopback) return { ok: false, problem: "private_target" };
  if (isIP(host) !== 0 && !addressAllowed(host, policy)) return { ok: false, problem: "private_target" };
  url.hash = "";
  return { ok: true, url: url.toString() };
}
