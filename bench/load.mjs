// The load generator for `npm run bench:webhooks`, run as its own process so its CPU is not the server's event
// loop. It sends pre-signed webhook deliveries (signing is not measured) over a keep-alive agent with a fixed
// number in flight, times each one from the request to the end of its response, and prints one JSON line.
//
//   node bench/load.mjs --url http://127.0.0.1:PORT/webhooks/orders/paid --file deliveries.ndjson \
//     [--from 0] [--count N] [--concurrency 32]
//
// Each line of the file is {"webhookId","eventId","triggeredAt","hmac","body"}; see bench/webhooks.ts.
import { readFileSync } from "node:fs";
import http from "node:http";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    url: { type: "string" },
    file: { type: "string" },
    from: { type: "string", default: "0" },
    count: { type: "string" },
    concurrency: { type: "string", default: "32" },
    topic: { type: "string", default: "orders/paid" },
    shop: { type: "string", default: "bench.myshopify.com" },
    "api-version": { type: "string", default: "2026-04" },
  },
});
if (!values.url || !values.file) {
  console.error("usage: node bench/load.mjs --url URL --file deliveries.ndjson [--from 0] [--count N] [--concurrency 32]");
  process.exit(2);
}

const all = readFileSync(values.file, "utf8").split("\n").filter(Boolean);
const from = Number(values.from);
const count = Number(values.count ?? all.length - from);
const concurrency = Number(values.concurrency);
if (from + count > all.length) {
  console.error(`the file holds ${all.length} deliveries; ${from}+${count} asked for`);
  process.exit(2);
}

// Everything a request needs is prepared before the clock starts.
const target = new URL(values.url);
const requests = all.slice(from, from + count).map((line) => {
  const delivery = JSON.parse(line);
  const body = Buffer.from(delivery.body, "utf8");
  return {
    body,
    headers: {
      "Content-Type": "application/json",
      "Content-Length": String(body.length),
      "X-Shopify-Topic": values.topic,
      "X-Shopify-Shop-Domain": values.shop,
      "X-Shopify-API-Version": values["api-version"],
      "X-Shopify-Webhook-Id": delivery.webhookId,
      "X-Shopify-Event-Id": delivery.eventId,
      "X-Shopify-Triggered-At": delivery.triggeredAt,
      "X-Shopify-Hmac-Sha256": delivery.hmac,
    },
  };
});

// With a timeout of its own the agent honours the server's Keep-Alive hint (bench/open-loop.mjs says why).
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency, timeout: 60_000 });
const latenciesMs = new Float64Array(count);
const statuses = {};
const samples = [];
let networkErrors = 0;
let next = 0;

function send(index) {
  const { body, headers } = requests[index];
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const request = http.request(
      { host: target.hostname, port: target.port, path: target.pathname, method: "POST", headers, agent },
      (response) => {
        const chunks = [];
        response.on("data", (chunk) => chunks.push(chunk));
        response.on("end", () => {
          latenciesMs[index] = Number(process.hrtime.bigint() - started) / 1e6;
          statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
          if ((response.statusCode < 200 || response.statusCode >= 300) && samples.length < 3) {
            samples.push(`${response.statusCode} ${Buffer.concat(chunks).toString("utf8").slice(0, 300)}`);
          }
          resolve();
        });
      },
    );
    request.on("error", (error) => {
      latenciesMs[index] = Number(process.hrtime.bigint() - started) / 1e6;
      networkErrors += 1;
      if (samples.length < 3) samples.push(String(error));
      resolve();
    });
    request.end(body);
  });
}

async function worker() {
  while (next < count) await send(next++);
}

const started = process.hrtime.bigint();
await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
agent.destroy();

const sorted = Float64Array.from(latenciesMs).sort();
const percentile = (p) => (count === 0 ? 0 : sorted[Math.min(count - 1, Math.ceil((p / 100) * count) - 1)]);
const ok = Object.entries(statuses).reduce((sum, [status, n]) => (Number(status) >= 200 && Number(status) < 300 ? sum + n : sum), 0);

console.log(
  JSON.stringify({
    count,
    concurrency,
    seconds,
    perSecond: count / seconds,
    p50: percentile(50),
    p90: percentile(90),
    p99: percentile(99),
    max: count === 0 ? 0 : sorted[count - 1],
    ok,
    errors: count - ok,
    networkErrors,
    statuses,
    samples,
  }),
);
