// What the stand-in keeps of customers' custom data, per shop, as Shopify would hold it: metafield definitions,
// metafield values and tags. Every shop's scenario answers metafieldDefinitionCreate, metafieldsSet, tagsAdd and
// tagsRemove from here unless it scripts those mutations itself (a test making Shopify fail scripts them, and
// deletes its script to let Shopify recover). Tests read what Shopify would show from `store.customerData(shop)`.
// Shopify's rules followed here, from the Admin schema's descriptions and shopify.dev: a namespace starting with
// $app is the app's reserved one, expanded to app--<app id>[--<rest>]; one definition per owner type, namespace
// and key (a second is TAKEN); metafieldsSet takes at most 25 metafields and is atomic; a value must fit its type.
import type { FieldFunction } from "./scenario-store.ts";

/** The app id the stand-in expands `$app` with (Shopify uses the app's own). */
export const STANDIN_APP_ID = "1000000001";

export interface StoredDefinition {
  id: string;
  ownerType: string;
  namespace: string;
  key: string;
  name: string;
  type: string;
  access: unknown;
}

export interface StoredMetafield {
  namespace: string;
  key: string;
  type: string;
  value: string;
}

export interface CustomerData {
  definitions: StoredDefinition[];
  /** By owner gid, then by "<namespace>.<key>". */
  metafields: Map<string, Map<string, StoredMetafield>>;
  /** By owner gid. */
  tags: Map<string, Set<string>>;
}

export function createCustomerData(): CustomerData {
  return { definitions: [], metafields: new Map(), tags: new Map() };
}

export function expandNamespace(namespace: string | null | undefined): string {
  const given = namespace ?? "$app";
  if (given === "$app") return `app--${STANDIN_APP_ID}`;
  if (given.startsWith("$app:")) return `app--${STANDIN_APP_ID}--${given.slice("$app:".length)}`;
  return given;
}

/** The value of a customer's metafield as Shopify would show it, or undefined. */
export function metafieldValue(data: CustomerData, ownerId: string, namespace: string, key: string): string | undefined {
  return data.metafields.get(ownerId)?.get(`${expandNamespace(namespace)}.${key}`)?.value;
}

const KEY = /^[A-Za-z0-9_-]{2,64}$/;
const VALUE_CHECKS: Record<string, (value: string) => boolean> = {
  number_integer: (value) => /^-?\d+$/.test(value) && Math.abs(Number(value)) <= 9007199254740991,
  single_line_text_field: (value) => !value.includes("\n") && value.length > 0,
};

function ownerType(ownerId: string): string | null {
  return /^gid:\/\/shopify\/([A-Za-z]+)\/\d+$/.exec(ownerId)?.[1]?.toUpperCase() ?? null;
}

function tagList(tags: unknown): string[] {
  const list = Array.isArray(tags) ? tags.map(String) : [];
  return list.flatMap((tag) => tag.split(",")).map((tag) => tag.trim()).filter(Boolean);
}

export function customerDataMutations(data: CustomerData): Record<string, FieldFunction> {
  return {
    metafieldDefinitionCreate: ({ definition }) => {
      const input = definition as { namespace?: string | null; key: string; name: string; type: string; ownerType: string; access?: unknown };
      const namespace = expandNamespace(input.namespace);
      if (!KEY.test(input.key)) return { createdDefinition: null, userErrors: [{ field: ["definition", "key"], message: "Key is invalid", code: "INVALID" }] };
      if (!(input.type in VALUE_CHECKS)) return { createdDefinition: null, userErrors: [{ field: ["definition", "type"], message: "Type is not supported", code: "INCLUSION" }] };
      const taken = data.definitions.some((d) => d.ownerType === input.ownerType && d.namespace === namespace && d.key === input.key);
      if (taken) {
        return {
          createdDefinition: null,
          userErrors: [{ field: ["definition", "key"], message: `Key is in use for ${input.ownerType.toLowerCase()} metafields on the '${namespace}' namespace.`, code: "TAKEN" }],
        };
      }
      const stored: StoredDefinition = { id: `gid://shopify/MetafieldDefinition/${data.definitions.length + 1}`, ownerType: input.ownerType, namespace, key: input.key, name: input.name, type: input.type, access: input.access ?? null };
      data.definitions.push(stored);
      return { createdDefinition: { id: stored.id, namespace, key: stored.key, name: stored.name }, userErrors: [] };
    },

    metafieldsSet: ({ metafields }) => {
      const inputs = metafields as { ownerId: string; namespace?: string | null; key: string; type?: string | null; value: string }[];
      if (inputs.length > 25) {
        return { metafields: [], userErrors: [{ field: ["metafields"], message: "Exceeded the maximum metafields input limit of 25.", code: "LESS_THAN_OR_EQUAL_TO", elementIndex: null }] };
      }
      const errors: { field: string[]; message: string; code: string; elementIndex: null }[] = [];
      const resolved = inputs.map((input, index) => {
        const namespace = expandNamespace(input.namespace);
        const owner = ownerType(input.ownerId);
        const definition = data.definitions.find((d) => d.ownerType === owner && d.namespace === namespace && d.key === input.key);
        const type = definition?.type ?? input.type ?? null;
        const at = (field: string) => ["metafields", String(index), field];
        if (owner === null) errors.push({ field: at("ownerId"), message: "Owner does not exist.", code: "INVALID", elementIndex: null });
        else if (type === null) errors.push({ field: at("type"), message: "Type can't be blank.", code: "BLANK", elementIndex: null });
        else if (definition && input.type && input.type !== definition.type) errors.push({ field: at("type"), message: `Type must be ${definition.type}.`, code: "INVALID_TYPE", elementIndex: null });
        else if (!(VALUE_CHECKS[type]?.(input.value) ?? true)) errors.push({ field: at("value"), message: `Value must be a valid ${type}.`, code: "INVALID_VALUE", elementIndex: null });
        return { ownerId: input.ownerId, namespace, key: input.key, type: type ?? "", value: input.value };
      });
      // Atomic: one bad metafield and none is saved.
      if (errors.length > 0) return { metafields: [], userErrors: errors };
      for (const metafield of resolved) {
        const owned = data.metafields.get(metafield.ownerId) ?? new Map<string, StoredMetafield>();
        owned.set(`${metafield.namespace}.${metafield.key}`, { namespace: metafield.namespace, key: metafield.key, type: metafield.type, value: metafield.value });
        data.metafields.set(metafield.ownerId, owned);
      }
      return { metafields: resolved.map((metafield) => ({ key: metafield.key, namespace: metafield.namespace, value: metafield.value, type: metafield.type })), userErrors: [] };
    },

    tagsAdd: ({ id, tags }) => {
      const owner = String(id);
      if (ownerType(owner) === null) return { node: null, userErrors: [{ field: ["id"], message: "Resource not found" }] };
      const held = data.tags.get(owner) ?? new Set<string>();
      for (const tag of tagList(tags)) held.add(tag);
      data.tags.set(owner, held);
      return { node: { id: owner }, userErrors: [] };
    },

    tagsRemove: ({ id, tags }) => {
      const owner = String(id);
      if (ownerType(owner) === null) return { node: null, userErrors: [{ field: ["id"], message: "Resource not found" }] };
      const held = data.tags.get(owner) ?? new Set<string>();
      for (const tag of tagList(tags)) held.delete(tag);
      data.tags.set(owner, held);
      return { node: { id: owner }, userErrors: [] };
    },
  };
}
