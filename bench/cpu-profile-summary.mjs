// Summarises a V8 .cpuprofile (from `npm run bench:webhooks -- --cpu-prof DIR`, which starts the Tally server
// with `node --cpu-prof`): where the server's CPU went, by package and by function (self time), and the
// inclusive time of the frames whose names match --focus. Usage:
//   node bench/cpu-profile-summary.mjs FILE.cpuprofile [--top 25] [--focus "enqueueDelivery|webhook|…"]
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: "string", default: "25" }, focus: { type: "string" } },
});
const file = positionals[0];
if (!file) {
  console.error("usage: node bench/cpu-profile-summary.mjs FILE.cpuprofile [--top 25] [--focus REGEX]");
  process.exit(2);
}

const profile = JSON.parse(readFileSync(file, "utf8"));
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

const selfUs = new Map();
profile.samples.forEach((id, index) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);
const idleUs = [...selfUs].filter(([id]) => nodes.get(id)?.callFrame.functionName === "(idle)").reduce((sum, [, us]) => sum + us, 0);
const busyUs = totalUs - idleUs;

function bucket(url, functionName) {
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1];
  if (url.startsWith("node:")) return "node: internals";
  if (url.includes("/build/server/")) return "app (build/server)";
  if (url.includes("/app/db/generated/")) return "prisma generated client";
  return url.replace(/^file:\/\//, "");
}

const byBucket = new Map();
const byFunction = new Map();
for (const [id, us] of selfUs) {
  const { functionName, url, lineNumber } = nodes.get(id).callFrame;
  if (functionName === "(idle)") continue;
  const b = bucket(url, functionName);
  byBucket.set(b, (byBucket.get(b) ?? 0) + us);
  const key = `${functionName || "(anonymous)"}  ${b}${url && !url.includes("node_modules") ? `:${lineNumber + 1}` : ""}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
}

const pct = (us) => `${((100 * us) / busyUs).toFixed(1).padStart(5)}%`;
const msText = (us) => `${(us / 1000).toFixed(0).padStart(7)} ms`;
const top = Number(values.top);
const seconds = (profile.endTime - profile.startTime) / 1e6;
console.log(`${file}: ${seconds.toFixed(1)} s profiled, busy ${(busyUs / 1e6).toFixed(1)} s (${((100 * busyUs) / totalUs).toFixed(0)}%), idle ${(idleUs / 1e6).toFixed(1)} s`);
console.log("\nSelf time by package (share of busy time):");
for (const [name, us] of [...byBucket].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(us)} ${msText(us)}  ${name}`);
console.log("\nSelf time by function:");
for (const [name, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(us)} ${msText(us)}  ${name}`);

if (values.focus) {
  // Inclusive time of matching frames (synchronous stacks only: time spent after an await is not under the caller).
  const focus = new RegExp(values.focus);
  const inclusive = new Map();
  for (const [id, us] of selfUs) {
    if (nodes.get(id).callFrame.functionName === "(idle)") continue;
    const seen = new Set();
    for (let current = id; current !== undefined; current = parent.get(current)) {
      const name = nodes.get(current).callFrame.functionName;
      if (focus.test(name) && !seen.has(name)) {
        seen.add(name);
        inclusive.set(name, (inclusive.get(name) ?? 0) + us);
      }
    }
  }
  console.log(`\nInclusive time of frames matching /${values.focus}/ (synchronous part only):`);
  for (const [name, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(us)} ${msText(us)}  ${name}`);
}
