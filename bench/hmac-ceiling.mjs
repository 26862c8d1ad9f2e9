// The ceiling for `npm run bench:webhooks`: a bare node:http endpoint that does only what no webhook receiver can
// skip — read the body and check Shopify's HMAC-SHA256 of it — and answers 200 (or 401). Whatever Tally does on
// top of this (Express, Remix, the Shopify library, the queue write, the background worker) is the gap the
// benchmark reports as a ratio. Usage: WEBHOOK_SECRET=… node bench/hmac-ceiling.mjs <port>
import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";

const secret = process.env.WEBHOOK_SECRET;
const port = Number(process.argv[2] ?? 0);
if (!secret) {
  console.error("WEBHOOK_SECRET is not set");
  process.exit(2);
}

function verified(body, header) {
  if (typeof header !== "string") return false;
  const expected = createHmac("sha256", secret).update(body).digest();
  const given = Buffer.from(header, "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const server = http.createServer((request, response) => {
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", () => {
    const ok = request.method === "POST" && verified(Buffer.concat(chunks), request.headers["x-shopify-hmac-sha256"]);
    response.writeHead(ok ? 200 : 401, { "Content-Length": "0" });
    response.end();
  });
});
server.keepAliveTimeout = 60_000;

server.listen(port, "127.0.0.1", () => {
  console.log(`HMAC ceiling listening on http://127.0.0.1:${server.address().port}`);
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}
