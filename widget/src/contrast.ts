// The launcher's text colour on the merchant's accent colour: black or white, whichever contrasts more (WCAG 2
// relative luminance), so any colour a merchant picks stays readable.

function channel(hex: string): number {
  const value = parseInt(hex, 16) / 255;
  return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
}

/** `#rgb` or `#rrggbb`; anything else is null. */
export function relativeLuminance(colour: string): number | null {
  let hex = colour.trim().replace(/^#/, "");
  if (/^[0-9a-f]{3}$/i.test(hex)) hex = hex.replace(/./g, (c) => c + c);
  if (!/^[0-9a-f]{6}$/i.test(hex)) return null;
  return 0.2126 * channel(hex.slice(0, 2)) + 0.7152 * channel(hex.slice(2, 4)) + 0.0722 * channel(hex.slice(4, 6));
}

export function readableTextOn(colour: string): "#000000" | "#ffffff" {
  const luminance = relativeLuminance(colour) ?? 0;
  // Contrast with white is 1.05 / (L + 0.05), with black (L + 0.05) / 0.05: equal where L ≈ 0.179.
  return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 ? "#ffffff" : "#000000";
}
