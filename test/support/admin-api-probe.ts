// A child process that sends one Admin GraphQL request through the real @shopify/shopify-api client and prints
// what came back as one JSON line. Run by test/admin-api-standin/fetch-interception.test.ts two ways:
//   node --import ./tools/admin-api-standin/register.ts test/support/admin-api-probe.ts <shop> <document>
//     — the demo's way: the stand-in is in place before the SDK loads;
//   node test/support/admin-api-probe.ts --install-after-sdk <shop> <document>
//     — the SDK loads first and copies the real fetch; the stand-in installed afterwards never sees the request.
// Plain Node runs it (type stripping), so it imports by relative path, with extensions.
import "@shopify/shopify-api/adapters/node";
import { ApiVersion, Session, shopifyApi } from "@shopify/shopify-api";

const args = process.argv.slice(2);
const installAfterSdk = args[0] === "--install-after-sdk";
const [shop = "", document = ""] = installAfterSdk ? args.slice(1) : args;

const { installAdminApiStandin } = await import("../../tools/admin-api-standin/fetch-interception.ts");
// With --import this returns the installation register.ts made; otherwise it installs now, after the SDK.
const standin = installAdminApiStandin();

const shopify = shopifyApi({
  apiKey: "probe-key",
  apiSecretKey: "probe-secret",
  apiVersion: ApiVersion.April26,
  hostName: "tally.example.com",
  isEmbeddedApp: true,
  logger: { level: 0 },
});
const session = new Session({ id: `offline_${shop}`, shop, state: "", isOnline: false, accessToken: "shpat_probe" });
const client = new shopify.clients.Graphql({ session });

let outcome: Record<string, unknown>;
try {
  const response = await client.request(document, { signal: AbortSignal.timeout(5000) });
  outcome = { data: response.data };
} catch (error) {
  outcome = { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}
console.log(JSON.stringify({ ...outcome, answeredByStandin: standin.store.requests.length }));
