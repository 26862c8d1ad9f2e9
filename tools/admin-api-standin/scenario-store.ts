// What the stand-in answers with, per shop: values for root fields of queries and mutations, shaped as the
// schema's types (GraphQL field names, enum names, gids). Tests set them; the demo loads them from a file
// (scenario-file.ts). A value may be a function of the field's arguments, e.g. a mutation that echoes its input.
// Whatever a scenario leaves out is filled with type-correct defaults (resolve-field.ts). The store also keeps
// every request it answered, so tests can assert what Tally sent, and each shop's customers' metafields and
// tags as Shopify would hold them (customer-data.ts).
import { DEFAULT_EXTENSIONS_DIR } from "./flow-triggers.ts";
import { createBulkOperations, type BulkOperations } from "./bulk-operations.ts";
import { createCustomerData, type CustomerData } from "./customer-data.ts";

/** A root field computed from its arguments; the result is checked against the schema like any stored value. */
export type FieldFunction = (args: Record<string, unknown>, request: RecordedRequest) => unknown;

export interface ShopScenario {
  /** Values of QueryRoot fields by name: `orders` as an array of Order objects is paginated and searched. */
  query: Record<string, unknown>;
  /** Values of Mutation fields by name, usually functions of the mutation's arguments. */
  mutation: Record<string, unknown>;
}

export interface RecordedRequest {
  shop: string;
  apiVersion: string;
  operationName: string | null;
  operation: "query" | "mutation" | "subscription";
  query: string;
  variables: Record<string, unknown>;
}

export interface ScenarioStore {
  /** The shop's scenario, created empty on first use; change it in place or replace it with setShop. */
  shop(domain: string): ShopScenario;
  setShop(domain: string, scenario: Partial<ShopScenario>): void;
  /** The shop's customer metafield definitions, metafields and tags, as the mutations left them. */
  customerData(domain: string): CustomerData;
  /** The shops' bulk operations and their results (bulk-operations.ts). */
  bulkOperations: BulkOperations;
  /** Every request answered since the last reset, oldest first (valid or not). */
  readonly requests: RecordedRequest[];
  record(request: RecordedRequest): void;
  /**
   * Where the app's extensions are, whose flow_trigger declarations flowTriggerReceive is checked against
   * (flow-triggers.ts); a test may point it at a copy whose declarations differ from what the app sends.
   */
  flowExtensionsDir: string;
  /**
   * Requests whose answer is lost on the way back: the stand-in runs them (a mutation does what it does), then the
   * connection fails as a dropped socket would, so the caller never learns what happened. Null: every answer arrives.
   */
  loseAnswerTo: ((request: RecordedRequest) => boolean) | null;
  /** Forgets every shop and request, answers every request again, and points flowExtensionsDir back at the app's extensions. */
  reset(): void;
}

export function createScenarioStore(shops: Record<string, Partial<ShopScenario>> = {}): ScenarioStore {
  const scenarios = new Map<string, ShopScenario>();
  const requests: RecordedRequest[] = [];
  const customers = new Map<string, CustomerData>();
  const store: ScenarioStore = {
    shop(domain) {
      let scenario = scenarios.get(domain);
      if (!scenario) {
        scenario = { query: {}, mutation: {} };
        scenarios.set(domain, scenario);
      }
      return scenario;
    },
    setShop(domain, scenario) {
      scenarios.set(domain, { query: scenario.query ?? {}, mutation: scenario.mutation ?? {} });
    },
    customerData(domain) {
      let data = customers.get(domain);
      if (!data) {
        data = createCustomerData();
        customers.set(domain, data);
      }
      return data;
    },
    requests,
    bulkOperations: createBulkOperations(),
    record(request) {
      requests.push(request);
    },
    flowExtensionsDir: DEFAULT_EXTENSIONS_DIR,
    loseAnswerTo: null,
    reset() {
      scenarios.clear();
      customers.clear();
      requests.length = 0;
      store.bulkOperations = createBulkOperations();
      store.flowExtensionsDir = DEFAULT_EXTENSIONS_DIR;
      store.loseAnswerTo = null;
    },
  };
  for (const [domain, scenario] of Object.entries(shops)) store.setShop(domain, scenario);
  return store;
}
