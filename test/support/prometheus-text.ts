// Reads Prometheus' text exposition format as a scraper would, enough to look up one sample by name and labels.

export interface Scrape {
  /** The sample's value, or undefined when it is not exposed. Labels must match exactly (order does not matter). */
  value(name: string, labels?: Record<string, string>): number | undefined;
  text: string;
}

function labelKey(labels: Record<string, string>): string {
  return Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
    .join(",");
}

export function parsePrometheusText(text: string): Scrape {
  const samples = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!match) throw new Error(`Not a Prometheus sample line: ${line}`);
    const [, name, rawLabels = "", value = ""] = match;
    const labels: Record<string, string> = {};
    for (const label of rawLabels.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[label[1] ?? ""] = JSON.parse(`"${label[2] ?? ""}"`) as string;
    samples.set(`${name}{${labelKey(labels)}}`, Number(value));
  }
  return { text, value: (name, labels = {}) => samples.get(`${name}{${labelKey(labels)}}`) };
}
