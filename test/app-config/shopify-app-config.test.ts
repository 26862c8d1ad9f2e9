// shopify.app.toml is what `shopify app deploy` sends to Shopify: every webhook it subscribes to must be served by
// the route its comment names. That it builds with the real CLI is test/extensions/extension-build.test.ts.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/test-database";

const toml = readFileSync(path.join(ROOT, "shopify.app.toml"), "utf8");
const QUEUED_ROUTES = "app/webhooks/queued-webhook-routes.server.ts";

describe("shopify.app.toml", () => {
  it("subscribes on API 2026-04 and names an existing handler for every webhook uri", () => {
    expect(toml).toMatch(/\[webhooks\]\s*\napi_version = "2026-04"/);
    const subscriptions = [...toml.matchAll(/# [^\n]*[Hh]andled by (\S+)\n\s*\[\[webhooks\.subscriptions\]\]\n\s*(?:compliance_)?topics = \[[^\]]*\]\n\s*uri = "([^"]+)"/g)];
    expect(subscriptions.length).toBe((toml.match(/\[\[webhooks\.subscriptions\]\]/g) ?? []).length);
    for (const [, file, uri] of subscriptions) {
      expect(existsSync(path.join(ROOT, file as string)), `${file} handles ${uri}`).toBe(true);
      if (file === QUEUED_ROUTES) {
        // The queued topics' table: one route per topic, its path the subscription's uri.
        const topic = (uri as string).replace("/webhooks/", "");
        expect(readFileSync(path.join(ROOT, QUEUED_ROUTES), "utf8")).toContain(`{ path: "${uri}", topic: "${topic}",`);
      } else {
        // Remix flat routes: /webhooks/app/uninstalled is served by webhooks.app.uninstalled.tsx
        expect(path.basename(file as string, ".tsx")).toBe((uri as string).slice(1).replaceAll("/", "."));
      }
    }
    expect(toml).toContain('compliance_topics = [ "customers/data_request", "customers/redact", "shop/redact" ]');
  });

  it("declares the app proxy the storefront uses, forwarded to the routes that serve it", () => {
    expect(toml).toMatch(/\[app_proxy\][\s\S]*subpath = "tally"[\s\S]*prefix = "apps"/);
    // https://<shop>/apps/tally/<path> reaches <url>/<path>: the url's path must be where the proxy routes live.
    expect(toml).toMatch(/\[app_proxy\]\s*(#.*\n)*url = "https:\/\/[^"/]+\/apps\/tally"/);
    for (const route of ["app/routes/apps.tally.customer.ts", "app/routes/apps.tally.r.$code.ts"]) expect(existsSync(path.join(ROOT, route)), route).toBe(true);
  });
});
