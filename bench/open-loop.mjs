// The open-loop sender for `npm run bench:sustained`, run as its own process so its CPU is not the server's event
// loop. It sends pre-signed webhook deliveries at a fixed rate whether or not answers have come (as Shopify does:
// a slow answer does not slow the next order down), spreads them over the given servers in turn as a load balancer
// would, and times each answer from the moment the delivery was due, so a server that falls behind is charged for
// the wait. Every 250 ms it prints one JSON line: {"sent": total so far, "answers": [index, answeredAt, status, ms, …]}
// (answeredAt in ms since the epoch, shared with the bench's clock); first {"start": when the first is due}, at the
// end {"done": true, …}.
//
//   node bench/open-loop.mjs --file deliveries.ndjson --servers http://127.0.0.1:P1,http://127.0.0.1:P2 \
//     [--from 0] [--count N] [--rate 2000] [--shop bench.myshopify.com]
//
// Each line of the file is {"topic","webhookId","eventId","triggeredAt","hmac","body"}; see bench/sustained.ts.
import { readFileSync } from "node:fs";
import http from "node:http";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    file: { type: "string" },
    servers: { type: "string" },
    from: { type: "string", default: "0" },
    count: { type: "string" },
    rate: { type: "string", default: "2000" },
    shop: { type: "string", default: "bench.myshopify.com" },
    "api-version": { type: "string", default: "2026-04" },
    "answer-timeout": { type: "string", default: "60" },
  },
});
if (!values.file || !values.servers) {
  console.error("usage: node bench/open-loop.mjs --file deliveries.ndjson --servers URL[,URL…] [--from 0] [--count N] [--rate 2000]");
  process.exit(2);
}

const all = readFileSync(values.file, "utf8").split("\n").filter(Boolean);
const from = Number(values.from);
const count = Number(values.count ?? all.length - from);
const rate = Number(values.rate);
if (from + count > all.length || !(rate > 0)) {
  console.error(`the file holds ${all.length} deliveries; ${from}+${count} asked for at ${rate}/s`);
  process.exit(2);
}

const servers = values.servers.split(",").map((url) => new URL(url));
// Enough sockets that the sender itself never holds a delivery back; beyond them Node queues, and the wait counts.
// A timeout of its own makes the agent honour the server's Keep-Alive hint (timeout=5) and close a socket idle
// that long a second before the server would; without one it kept idle sockets until the server closed them,
// and a request sent on one as the server closed it got ECONNRESET (64 at once at 2,000/s, all on sockets
// opened in the first seconds' backlog and idle since).
const agents = servers.map(() => new http.Agent({ keepAlive: true, maxSockets: 512, maxFreeSockets: 512, timeout: 60_000 }));

// Everything a request needs is prepared before the clock starts.
const requests = all.slice(from, from + count).map((line, index) => {
  const delivery = JSON.parse(line);
  const body = Buffer.from(delivery.body, "utf8");
  return {
    server: index % servers.length,
    path: `/webhooks/${delivery.topic}`,
    body,
    headers: {
      "Content-Type": "application/json",
      "Content-Length": String(body.length),
      "X-Shopify-Topic": delivery.topic,
      "X-Shopify-Shop-Domain": values.shop,
      "X-Shopify-API-Version": values["api-version"],
      "X-Shopify-Webhook-Id": delivery.webhookId,
      "X-Shopify-Event-Id": delivery.eventId,
      "X-Shopify-Triggered-At": delivery.triggeredAt,
      "X-Shopify-Hmac-Sha256": delivery.hmac,
    },
  };
});

const epochMs = () => performance.timeOrigin + performance.now();
let sent = 0;
let answered = 0;
let batch = [];

function send(index, dueAt) {
  const { server, path, body, headers } = requests[index];
  const target = servers[server];
  const done = (status) => {
    const at = epochMs();
    answered += 1;
    batch.push(index, Math.round(at * 1000) / 1000, status, Math.round((at - dueAt) * 1000) / 1000);
  };
  const request = http.request({ host: target.hostname, port: target.port, path, method: "POST", headers, agent: agents[server] }, (response) => {
    response.resume();
    response.on("end", () => done(response.statusCode));
  });
  request.on("error", (error) => {
    // Status 0: no answer came. Which error says whether the server refused, reset or closed the connection.
    process.stderr.write(`request ${index} (${path}) got no answer: ${error.code ?? error.message}\n`);
    done(0);
  });
  request.end(body);
  sent += 1;
}

function flush() {
  process.stdout.write(`${JSON.stringify({ sent, answers: batch })}\n`);
  batch = [];
}

const startAt = epochMs() + 50;
const interval = 1000 / rate;
let next = 0;
function tick() {
  const now = epochMs();
  while (next < count && startAt + next * interval <= now) {
    send(next, startAt + next * interval);
    next += 1;
  }
  if (next < count) setTimeout(tick, Math.max(0, Math.min(4, startAt + next * interval - now)));
}

const reporter = setInterval(flush, 250);
process.stdout.write(`${JSON.stringify({ start: startAt })}\n`);
setTimeout(tick, Math.max(0, startAt - epochMs()));
const deadline = () => startAt + (count / rate) * 1000 + Number(values["answer-timeout"]) * 1000;
await new Promise((resolve) => {
  const check = setInterval(() => {
    if ((next >= count && answered >= count) || epochMs() > deadline()) {
      clearInterval(check);
      resolve();
    }
  }, 20);
});
clearInterval(reporter);
flush();
// The sender's own CPU, which shares the machine with the servers (bench/sustained.ts prints it).
const used = process.cpuUsage();
process.stdout.write(`${JSON.stringify({ done: true, sent, answered, startedAt: startAt, seconds: (epochMs() - startAt) / 1000, cpuMs: (used.user + used.system) / 1000 })}\n`);
for (const agent of agents) agent.destroy();
process.exit(0);
