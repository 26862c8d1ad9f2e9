// Redeeming a reward from the panel: POST /apps/tally/redeem through the app proxy (signed by Shopify; the server
// runs the same redemption as the checkout and account page). The request id is made once per reward pressed and
// kept until the server has answered, so pressing again after a lost answer gets the same code, never a second one.
// The answer is announced in the status line; the panel is then drawn again, with the new balance and the code.
import { readRedeemAnswer, type Reward } from "../customer-response";
import type { PanelContext } from "./panel-context";

const unanswered = new Map<string, string>();

function requestId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

export async function redeem(reward: Reward, button: HTMLButtonElement, { f, config, status, reload }: PanelContext): Promise<void> {
  status.textContent = "";
  button.disabled = true;
  const id = unanswered.get(reward.id) ?? requestId();
  unanswered.set(reward.id, id);
  try {
    // The storefront's language, so an error the server words is in it.
    const response = await fetch(`${config.proxyPath}/redeem?locale=${encodeURIComponent(f.t("locale"))}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ rewardId: reward.id, requestId: id }),
    });
    const answer = readRedeemAnswer(await response.json());
    unanswered.delete(reward.id);
    if ("code" in answer) {
      status.textContent = answer.credited ? f.t("credited", { reward: answer.title ?? reward.title }) : f.t("redeemed", { code: answer.code });
      reload();
      return;
    }
    status.textContent = answer.message ?? f.t("redeemFailed");
  } catch {
    status.textContent = f.t("redeemFailed");
  }
  button.disabled = false;
}
