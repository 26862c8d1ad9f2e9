import { describe, expect, it } from "vitest";
import { DEMO_API_SECRET, parseEnv } from "./env.server";

const production = { NODE_ENV: "production", SHOPIFY_API_KEY: "key", SHOPIFY_API_SECRET: "secret", SHOPIFY_APP_URL: "https://tally.example.com" };

describe("parseEnv", () => {
  it("runs outside production with the documented demo defaults", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ nodeEnv: "development", port: 3000, databaseUrl: "", shopifyApiSecret: DEMO_API_SECRET, appUrl: "http://localhost:3000", demo: false });
    expect(env.scopes).toContain("write_discounts");
  });

  it("stops production when a secret is missing, naming it", () => {
    expect(() => parseEnv({ ...production, SHOPIFY_API_SECRET: undefined })).toThrow(/Missing required environment variable SHOPIFY_API_SECRET/);
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow("SHOPIFY_API_KEY, SHOPIFY_API_SECRET, SHOPIFY_APP_URL");
  });

  it("refuses the demo sign-in in production", () => {
    expect(() => parseEnv({ ...production, TALLY_DEMO: "1" })).toThrow(/TALLY_DEMO is set while NODE_ENV=production/);
    expect(parseEnv({ ...production }).demo).toBe(false);
    expect(parseEnv({ TALLY_DEMO: "1" }).demo).toBe(true);
  });

  it("allows outgoing webhooks to loopback addresses only outside production", () => {
    expect(parseEnv({}).webhooksAllowLoopback).toBe(false);
    expect(parseEnv({ TALLY_WEBHOOKS_ALLOW_LOOPBACK: "1" }).webhooksAllowLoopback).toBe(true);
    expect(() => parseEnv({ ...production, TALLY_WEBHOOKS_ALLOW_LOOPBACK: "1" })).toThrow(/TALLY_WEBHOOKS_ALLOW_LOOPBACK is set while NODE_ENV=production/);
  });

  it("names every malformed variable", () => {
    expect(() => parseEnv({ PORT: "eighty", SHOPIFY_APP_URL: "not a url" })).toThrow(/PORT[\s\S]*SHOPIFY_APP_URL/);
  });

  it("logs at info and serves no metrics unless told otherwise, and refuses a short metrics token", () => {
    expect(parseEnv({})).toMatchObject({ logLevel: "info", metricsToken: undefined });
    expect(parseEnv({ LOG_LEVEL: "debug", TALLY_METRICS_TOKEN: "x".repeat(32) })).toMatchObject({ logLevel: "debug", metricsToken: "x".repeat(32) });
    expect(() => parseEnv({ TALLY_METRICS_TOKEN: "short" })).toThrow(/TALLY_METRICS_TOKEN: must be at least 32 characters/);
    expect(() => parseEnv({ LOG_LEVEL: "loud" })).toThrow(/LOG_LEVEL/);
  });

  it("gives each public API key 120 calls a minute unless TALLY_API_RATE_LIMIT says otherwise", () => {
    expect(parseEnv({}).apiRateLimit).toBe(120);
    expect(parseEnv({ TALLY_API_RATE_LIMIT: "" }).apiRateLimit).toBe(120);
    expect(parseEnv({ TALLY_API_RATE_LIMIT: "600" }).apiRateLimit).toBe(600);
    expect(() => parseEnv({ TALLY_API_RATE_LIMIT: "0" })).toThrow(/TALLY_API_RATE_LIMIT/);
  });
});
