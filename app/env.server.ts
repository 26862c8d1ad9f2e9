// The app's configuration, read from the environment once at start and validated. Nothing else reads process.env.
// Every variable is documented in .env.example.
import { z } from "zod";
import { ACCESS_SCOPES_LIST } from "./shopify-admin/access-scopes";

/** The documented demo secret: `npm run demo` signs nothing real, and tools sign webhooks with it. */
export const DEMO_API_SECRET = "tally-demo-secret";
export const DEMO_API_KEY = "tally-demo-api-key";
export const DEMO_SHOP = "tally-demo.myshopify.com";

/** pino's levels, least to most verbose after silent; docs/operations.md says what each one adds. */
export const LOG_LEVELS = ["silent", "fatal", "error", "warn", "info", "debug", "trace"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const flag = z
  .enum(["1", "0", "true", "false", ""])
  .optional()
  .transform((value) => value === "1" || value === "true");

const schema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z.string().default(""),
  SHOPIFY_API_KEY: z.string().min(1).optional(),
  SHOPIFY_API_SECRET: z.string().min(1).optional(),
  SHOPIFY_APP_URL: z.url().optional(),
  SCOPES: z.string().min(1).default(ACCESS_SCOPES_LIST),
  SHOP_CUSTOM_DOMAIN: z.string().min(1).optional(),
  TALLY_DEMO: flag,
  TALLY_BACKGROUND_JOBS: z.enum(["1", "0", "true", "false", ""]).optional().transform((value) => value !== "0" && value !== "false"),
  // On unless "0"/"false": settlement runs on a worker thread beside the intake (docs/decisions/052-settlement-beside-the-intake.md).
  TALLY_SETTLEMENT_THREAD: z.enum(["1", "0", "true", "false", ""]).optional().transform((value) => value !== "0" && value !== "false"),
  TALLY_DEMO_SHOP: z.string().regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/).default(DEMO_SHOP),
  LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  TALLY_WEBHOOKS_ALLOW_LOOPBACK: flag,
  // Long enough that guessing it is hopeless; `openssl rand -hex 32` makes one.
  TALLY_METRICS_TOKEN: z.string().min(32, "must be at least 32 characters (e.g. `openssl rand -hex 32`)").optional(),
  // smtp: member emails go to the merchant's SMTP server; outbox: they are kept on the Emails page (the demo's default).
  TALLY_EMAIL_DELIVERY: z.preprocess((value) => (value === "" ? undefined : value), z.enum(["smtp", "outbox"]).optional()),
  TALLY_API_RATE_LIMIT: z.preprocess((value) => (value === "" ? undefined : value), z.coerce.number().int().min(1).max(100_000).default(120)),
});

export interface Env {
  nodeEnv: "development" | "test" | "production";
  port: number;
  databaseUrl: string;
  shopifyApiKey: string;
  shopifyApiSecret: string;
  appUrl: string;
  scopes: string[];
  shopCustomDomain: string | undefined;
  /** The demo sign-in: never true in production. */
  demo: boolean;
  /** Run the delivery queue and the job runner inside the app (default). Off when cron runs `npm run jobs`. */
  backgroundJobs: boolean;
  settlementThread: boolean;
  demoShop: string;
  /** The least severe level written to the JSON log lines (app/operations/logger.server.ts). */
  logLevel: LogLevel;
  /** The bearer token GET /metrics requires; without one, /metrics is off (docs/operations.md). */
  metricsToken: string | undefined;
  /** Outgoing webhooks may go to http://127.0.0.1 and other loopback addresses (tests, the demo); never in production. */
  webhooksAllowLoopback: boolean;
  /** Member emails are kept on the Emails page instead of sent (TALLY_EMAIL_DELIVERY=outbox; the demo's default). */
  emailOutbox: boolean;
  /** Calls per minute each public API key may make, per app instance (docs/decisions/034-public-api.md). */
  apiRateLimit: number;
}

export class EnvError extends Error {
  override name = "EnvError";
}

const REQUIRED_IN_PRODUCTION = ["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL"] as const;

/** Parses an environment. Throws EnvError naming every variable that is missing or wrong. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new EnvError(`Invalid environment:\n  ${problems.join("\n  ")}\nSee .env.example for what each variable means.`);
  }
  const values = parsed.data;
  const production = values.NODE_ENV === "production";
  if (production) {
    const missing = REQUIRED_IN_PRODUCTION.filter((name) => !values[name]);
    if (missing.length > 0) {
      throw new EnvError(
        `Missing required environment variable${missing.length > 1 ? "s" : ""} ${missing.join(", ")}: Tally cannot start in production without ${missing.length > 1 ? "them" : "it"}. See .env.example.`,
      );
    }
    if (values.TALLY_WEBHOOKS_ALLOW_LOOPBACK) {
      throw new EnvError(
        "TALLY_WEBHOOKS_ALLOW_LOOPBACK is set while NODE_ENV=production: it lets merchants' webhooks reach this machine over plain HTTP, so Tally refuses to start. Unset it.",
      );
    }
    if (values.TALLY_DEMO) {
      throw new EnvError(
        "TALLY_DEMO is set while NODE_ENV=production: the demo sign-in lets anyone into the admin, so Tally refuses to start. Unset TALLY_DEMO.",
      );
    }
  }
  return {
    nodeEnv: values.NODE_ENV,
    port: values.PORT,
    databaseUrl: values.DATABASE_URL,
    shopifyApiKey: values.SHOPIFY_API_KEY ?? DEMO_API_KEY,
    shopifyApiSecret: values.SHOPIFY_API_SECRET ?? DEMO_API_SECRET,
    appUrl: values.SHOPIFY_APP_URL ?? `http://localhost:${values.PORT}`,
    scopes: values.SCOPES.split(",").map((scope) => scope.trim()).filter(Boolean),
    shopCustomDomain: values.SHOP_CUSTOM_DOMAIN,
    demo: values.TALLY_DEMO,
    backgroundJobs: values.TALLY_BACKGROUND_JOBS,
    settlementThread: values.TALLY_SETTLEMENT_THREAD,
    demoShop: values.TALLY_DEMO_SHOP,
    logLevel: values.LOG_LEVEL,
    metricsToken: values.TALLY_METRICS_TOKEN,
    webhooksAllowLoopback: values.TALLY_WEBHOOKS_ALLOW_LOOPBACK,
    apiRateLimit: values.TALLY_API_RATE_LIMIT,
    emailOutbox: values.TALLY_EMAIL_DELIVERY ? values.TALLY_EMAIL_DELIVERY === "outbox" : values.TALLY_DEMO,
  };
}

let current: Env | undefined;

/** The validated environment of this process, parsed on first use (at start, since shopify.server.ts reads it). */
export function env(): Env {
  current ??= parseEnv(process.env);
  return current;
}
