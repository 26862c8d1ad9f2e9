// How each network writes its own name, as the app's SOCIAL_NETWORK_NAMES (app/loyalty/actions/action-rules.ts);
// a network the widget does not know is shown as the app sent it.
const NAMES: Record<string, string> = { instagram: "Instagram", facebook: "Facebook", tiktok: "TikTok", x: "X", youtube: "YouTube", pinterest: "Pinterest", linkedin: "LinkedIn" };

export const networkName = (network: string): string => NAMES[network] ?? network;
