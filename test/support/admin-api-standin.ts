// Setup file: every test process answers Admin API calls with the local stand-in (tools/admin-api-standin), never
// Shopify. It runs before the test file imports anything, which matters: the Shopify SDK copies globalThis.fetch
// when it loads, and would keep the real one if the stand-in came later. Tests script the answers through
// `adminApi.store` (shops' data, and the requests Tally sent).
import { installAdminApiStandin } from "../../tools/admin-api-standin/fetch-interception";

export const adminApi = installAdminApiStandin();
