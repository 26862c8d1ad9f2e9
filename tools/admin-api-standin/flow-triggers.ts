// Shopify Flow as the stand-in plays it: `flowTriggerReceive` is answered by checking the payload against the
// fields the trigger's extension declares (extensions/*/shopify.extension.toml with type "flow_trigger"), as Flow
// checks it against the deployed extension, and refusing with userErrors when they disagree: an unknown handle, a
// declared field missing, a field not declared, a value of the wrong type, a payload over Flow's size limit. A
// scenario may still script `flowTriggerReceive` itself (to make Shopify fail), which takes precedence.
// The fields' rules: https://shopify.dev/docs/apps/build/flow/triggers/reference (reference fields are sent as
// `<object>_id`, Shopify's numeric id; custom fields under their key). The messages are the stand-in's own words.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import toml from "toml";

/** The app's extensions, next to tools/ in the repository. */
export const DEFAULT_EXTENSIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../extensions");

/** Flow refuses a trigger payload above 50 KB. */
const MAX_PAYLOAD_BYTES = 50_000;

/** Reference fields a trigger may declare, and the payload key each is sent under. */
const REFERENCE_KEYS: Readonly<Record<string, string>> = {
  customer_reference: "customer_id",
  order_reference: "order_id",
  product_reference: "product_id",
  company_reference: "company_id",
  company_contact_reference: "company_contact_id",
};

/** Custom field types a trigger may declare (Shopify CLI's list for triggers), and the JSON each takes. */
const FIELD_CHECKS: Readonly<Record<string, { expects: string; accepts: (value: unknown) => boolean }>> = {
  boolean: { expects: "true or false", accepts: (value) => typeof value === "boolean" },
  email: { expects: "an email address", accepts: (value) => typeof value === "string" && /^[^@\s]+@[^@\s]+$/.test(value) },
  single_line_text_field: { expects: "a string on one line", accepts: (value) => typeof value === "string" && !/[\r\n]/.test(value) },
  url: { expects: "an absolute URL", accepts: (value) => typeof value === "string" && URL.canParse(value) },
  number_decimal: { expects: "a number", accepts: (value) => typeof value === "number" && Number.isFinite(value) },
};

export interface DeclaredField {
  type: string;
  key?: string;
}

export interface DeclaredTrigger {
  handle: string;
  fields: DeclaredField[];
}

interface UserError {
  field: string[] | null;
  message: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function fieldsOf(value: unknown): DeclaredField[] {
  const fields = isRecord(value) && Array.isArray(value.fields) ? value.fields : [];
  return fields.filter(isRecord).map((field) => ({ type: String(field.type), ...(typeof field.key === "string" ? { key: field.key } : {}) }));
}

/** Every flow_trigger extension under `dir`, by handle, as its shopify.extension.toml declares it. */
export function declaredFlowTriggers(dir: string): Map<string, DeclaredTrigger> {
  const triggers = new Map<string, DeclaredTrigger>();
  if (!existsSync(dir)) return triggers;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name, "shopify.extension.toml");
    if (!entry.isDirectory() || !existsSync(file)) continue;
    const config = toml.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    const extensions = Array.isArray(config.extensions) ? config.extensions.filter(isRecord) : [];
    for (const extension of extensions) {
      if (extension.type !== "flow_trigger" || typeof extension.handle !== "string") continue;
      // The CLI's layout puts [settings] at the top of the file, beside [[extensions]]; inside it is read too.
      const fields = fieldsOf(extension.settings ?? config.settings);
      triggers.set(extension.handle, { handle: extension.handle, fields });
    }
  }
  return triggers;
}

function payloadErrors(trigger: DeclaredTrigger, payload: Record<string, unknown>): UserError[] {
  const errors: UserError[] = [];
  const expected = new Map<string, (value: unknown) => string | null>();
  for (const field of trigger.fields) {
    const referenceKey = REFERENCE_KEYS[field.type];
    if (referenceKey) {
      expected.set(referenceKey, (value) => (typeof value === "number" && Number.isSafeInteger(value) && value > 0 ? null : `${referenceKey} must be the resource's numeric id`));
      continue;
    }
    const check = FIELD_CHECKS[field.type];
    const key = field.key ?? "";
    expected.set(key, (value) => (check ? (check.accepts(value) ? null : `"${key}" is a ${field.type} and must be ${check.expects}; got ${JSON.stringify(value)}`) : `"${key}" has type ${field.type}, which Flow triggers do not support`));
  }
  for (const [key, check] of expected) {
    if (!Object.hasOwn(payload, key)) {
      errors.push({ field: ["payload", key], message: `The payload is missing "${key}", which trigger ${trigger.handle} declares` });
      continue;
    }
    const problem = check(payload[key]);
    if (problem) errors.push({ field: ["payload", key], message: problem });
  }
  for (const key of Object.keys(payload)) {
    if (!expected.has(key)) errors.push({ field: ["payload", key], message: `"${key}" is not a field of trigger ${trigger.handle}` });
  }
  return errors;
}

/** Flow's answer to flowTriggerReceive(handle:, payload:) for the triggers declared under `extensionsDir`. */
export function answerFlowTrigger(extensionsDir: string, args: Record<string, unknown>): { userErrors: UserError[] } {
  if (args.body !== undefined && args.body !== null) {
    return { userErrors: [{ field: ["body"], message: "body is deprecated: send handle and payload" }] };
  }
  const handle = args.handle;
  const trigger = typeof handle === "string" ? declaredFlowTriggers(extensionsDir).get(handle) : undefined;
  if (!trigger) return { userErrors: [{ field: ["handle"], message: `No Flow trigger with handle ${JSON.stringify(handle ?? null)} is deployed for this app` }] };
  const payload = args.payload;
  if (!isRecord(payload)) return { userErrors: [{ field: ["payload"], message: "The payload must be a JSON object" }] };
  if (Buffer.byteLength(JSON.stringify(payload)) > MAX_PAYLOAD_BYTES) {
    return { userErrors: [{ field: ["payload"], message: `The payload is larger than ${MAX_PAYLOAD_BYTES} bytes` }] };
  }
  return { userErrors: payloadErrors(trigger, payload) };
}
