// The fields of a shopper contract schema (contract/shopper-api.ts) as docs/shopper-api.md's tables list them:
// one row per field that holds a value, its path written with `.` and `[]`, and its type in the doc's words.
import type { z } from "zod";
import * as zm from "zod/mini";
import * as contract from "../../contract/shopper-api";

const { shopperReward } = contract;

/** Each table of docs/shopper-api.md (marked `<!-- contract: <name> -->`) and the schema it documents. */
export const DOCUMENTED_SCHEMAS: Record<string, z.core.$ZodType> = {
  // `program` has a table of its own.
  "summary-signed-in": zm.omit(contract.signedInSummary, { program: true }),
  program: contract.programExplainer,
  reward: contract.shopperReward,
  error: contract.shopperErrorResponse,
  "redeem-request": contract.redeemRequest,
  "redeem-response": contract.redeemResponse,
  "referral-check-request": contract.referralCheckRequest,
  "referral-check-response": contract.referralCheckResponse,
  "order-response": contract.orderPointsResponse,
  "order-status-response": contract.orderStatusResponse,
  "estimate-request": contract.estimateRequest,
  "estimate-response": contract.estimateResponse,
  "invite-request": contract.inviteRequest,
  "invite-response": contract.inviteResponse,
  "birthday-request": contract.birthdayRequest,
  "birthday-response": contract.birthdayResponse,
  "social-request": contract.socialFollowRequest,
  "social-response": contract.socialFollowResponse,
};

export interface FieldRow {
  field: string;
  type: string;
}

type Def = z.core.$ZodTypeDef & Record<string, unknown>;
const defOf = (schema: z.core.$ZodType) => schema._zod.def as Def;
const join = (path: string, key: string) => (path === "" ? key : `${path}.${key}`);
const isComposite = (schema: z.core.$ZodType) => ["object", "union", "intersection"].includes(defOf(schema).type);

/** A reward is documented once, in its own table (*Rewards*); elsewhere it is one row that points there. */
export const REWARD_TYPE = "reward (see *Rewards*)";

function leafType(schema: z.core.$ZodType): string {
  const def = defOf(schema);
  switch (def.type) {
    case "int":
      return "integer";
    case "number":
      return (def as { format?: string }).format ? "integer" : "number";
    case "string":
    case "boolean":
      return def.type;
    case "literal":
      return (def.values as unknown[]).map((value) => `\`${String(value)}\``).join(" or ");
    case "enum":
      return Object.values(def.entries as Record<string, string>).map((value) => `\`${value}\``).join(", ");
    case "nullable":
      return `${leafType(def.innerType as z.core.$ZodType)} or \`null\``;
    case "optional":
      return `${leafType(def.innerType as z.core.$ZodType)}, optional`;
    case "array":
      return `array of ${leafType(def.element as z.core.$ZodType)}`;
    default:
      throw new Error(`no doc type for a zod ${def.type}`);
  }
}

function rows(schema: z.core.$ZodType, path: string): FieldRow[] {
  if (schema === shopperReward && path !== "") return [{ field: path, type: REWARD_TYPE }];
  const def = defOf(schema);
  switch (def.type) {
    case "object":
      return Object.entries(def.shape as Record<string, z.core.$ZodType>).flatMap(([key, value]) => rows(value, join(path, key)));
    case "array": {
      const element = def.element as z.core.$ZodType;
      return isComposite(element) ? rows(element, `${path}[]`) : [{ field: path, type: leafType(schema) }];
    }
    case "nullable": {
      const inner = def.innerType as z.core.$ZodType;
      return isComposite(inner) ? [{ field: path, type: "object or `null`" }, ...rows(inner, path)] : [{ field: path, type: leafType(schema) }];
    }
    case "intersection":
      return [...rows(def.left as z.core.$ZodType, path), ...rows(def.right as z.core.$ZodType, path)];
    case "union": {
      // The options' fields together; a field whose type differs between options lists each type once.
      const merged = new Map<string, string[]>();
      for (const option of def.options as z.core.$ZodType[]) {
        for (const row of rows(option, path)) {
          const types = merged.get(row.field) ?? [];
          if (!types.includes(row.type)) types.push(row.type);
          merged.set(row.field, types);
        }
      }
      return [...merged].map(([field, types]) => ({ field, type: types.join(" or ") }));
    }
    default:
      return [{ field: path, type: leafType(schema) }];
  }
}

export function contractFields(schema: z.core.$ZodType): FieldRow[] {
  return rows(schema, "");
}

/** The rows of the table after `<!-- contract: <name> -->` in a Markdown text: its first two columns. */
export function documentedFields(markdown: string, name: string): FieldRow[] | null {
  const lines = markdown.split("\n");
  const start = lines.findIndex((line) => line.trim() === `<!-- contract: ${name} -->`);
  if (start === -1) return null;
  const table: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === "" && table.length === 0) continue;
    if (!line.startsWith("|")) break;
    table.push(line);
  }
  return table.slice(2).map((line) => {
    const [field = "", type = ""] = line.split(/(?<!\\)\|/).slice(1).map((cell) => cell.trim());
    return { field: field.replace(/^`|`$/g, ""), type };
  });
}
