// Percentages on the dashboard: one decimal, in the admin's fixed locale (see ../format.ts).
const percent = new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** 33.333 → "33.3%"; null (nothing to take a share of) → null, for the page to say so. */
export function formatPercent(value: number | null): string | null {
  return value === null ? null : `${percent.format(value)}%`;
}
