// The ledger keys of actions that earn: each names the business event, so a redelivered webhook or a second
// click at the same moment finds the key taken and earns nothing more (docs/decisions/044-actions-that-earn.md).
import type { SocialNetwork } from "./action-rules";

/** Once per member ever: unsubscribing and subscribing again finds the key taken. */
export function newsletterKey(memberId: string): string {
  return `member:${memberId}:newsletter`;
}

/** Once per member and network. */
export function socialKey(memberId: string, network: SocialNetwork): string {
  return `member:${memberId}:social:${network}`;
}
