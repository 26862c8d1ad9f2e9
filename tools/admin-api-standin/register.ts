// Entry point for `node --import ./tools/admin-api-standin/register.ts <app>`: answers the app's Admin API calls
// from a scenario file instead of Shopify. Loaded before the app so the Shopify SDK copies the intercepted fetch
// (fetch-interception.ts). Node 22.18+ runs this TypeScript directly (type stripping), so it needs no build step.
//   TALLY_ADMIN_API_SCENARIO=tools/admin-api-standin/demo-scenario.json   (optional: without it every shop
//   gets type-correct defaults)
import path from "node:path";
import { installAdminApiStandin } from "./fetch-interception.ts";
import { loadScenarioFile } from "./scenario-file.ts";
import { createScenarioStore } from "./scenario-store.ts";

const file = process.env.TALLY_ADMIN_API_SCENARIO;
const shops = file ? loadScenarioFile(path.resolve(file), new Date()) : {};
installAdminApiStandin(createScenarioStore(shops));
console.log(`tally: Admin API calls are answered by the local stand-in${file ? ` (scenario ${file})` : ""}, never by Shopify.`);
