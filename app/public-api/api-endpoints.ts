// Every endpoint of the public API: its method and path, the scope it needs, what it parses and what it answers.
// The routes (app/routes/api.v1.*) take their definition from here and the OpenAPI document is built from it, so
// an endpoint is described once.
import type { z } from "zod";
import type { ApiScope } from "~/loyalty/api-access/api-key";
import {
  adjustmentRequest,
  customEventRequest,
  memberEnvelope,
  memberListQuery,
  memberListSchema,
  redemptionEnvelope,
  redemptionRequest,
  rewardListSchema,
  transferEnvelope,
  transferListQuery,
  transferListSchema,
} from "./api-schemas";

export interface Endpoint {
  /** The document's operationId. */
  id: string;
  method: "GET" | "POST";
  /** OpenAPI's path template, e.g. /api/v1/members/{memberId}. */
  path: string;
  scope: ApiScope;
  summary: string;
  description: string;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Writes need an Idempotency-Key header. */
  idempotent: boolean;
  success: { status: 200 | 201; schema: z.ZodType; description: string };
  /** The 4xx/5xx statuses this endpoint answers beyond every endpoint's (400, 401, 429). */
  errors: number[];
}

export const ENDPOINTS = {
  listMembers: {
    id: "listMembers",
    method: "GET",
    path: "/api/v1/members",
    scope: "read",
    summary: "List or search members",
    description: "The shop's members, oldest first, a page at a time; `email` or `customerId` narrows the list to that member.",
    query: memberListQuery,
    idempotent: false,
    success: { status: 200, schema: memberListSchema, description: "A page of members." },
    errors: [],
  },
  getMember: {
    id: "getMember",
    method: "GET",
    path: "/api/v1/members/{memberId}",
    scope: "read",
    summary: "Read a member",
    description: "One member with their balances and tier.",
    idempotent: false,
    success: { status: 200, schema: memberEnvelope, description: "The member." },
    errors: [404],
  },
  listTransfers: {
    id: "listTransfers",
    method: "GET",
    path: "/api/v1/members/{memberId}/transfers",
    scope: "read",
    summary: "A member's points history",
    description: "Every transfer of the member's points, newest first, a page at a time.",
    query: transferListQuery,
    idempotent: false,
    success: { status: 200, schema: transferListSchema, description: "A page of transfers." },
    errors: [404],
  },
  createAdjustment: {
    id: "createAdjustment",
    method: "POST",
    path: "/api/v1/members/{memberId}/adjustments",
    scope: "read_write",
    summary: "Adjust a member's points",
    description: "Adds or takes away points with a reason (an ADJUSTMENT transfer), recorded in the audit log under the key's name.",
    body: adjustmentRequest,
    idempotent: true,
    success: { status: 201, schema: transferEnvelope, description: "The transfer (the same one again for a repeated request)." },
    errors: [403, 404, 409, 422],
  },
  createCustomEvent: {
    id: "createCustomEvent",
    method: "POST",
    path: "/api/v1/members/{memberId}/events",
    scope: "read_write",
    summary: "Record a custom earning event",
    description:
      "Points for something the member did that your app saw (a review, a quiz): a CUSTOM_EVENT transfer. An event name with a rule on the Program page earns the rule's points within its limit (once, or N times a day, week, month or year); one without a rule earns the points sent. A member out of the program (excluded, or the program paused) earns nothing: 422 `not_in_program` or `program_paused`, nothing written. A rule's periods follow the shop's time zone.",
    body: customEventRequest,
    idempotent: true,
    success: { status: 201, schema: transferEnvelope, description: "The transfer (the same one again for a repeated request)." },
    errors: [403, 404, 409, 422],
  },
  listRewards: {
    id: "listRewards",
    method: "GET",
    path: "/api/v1/rewards",
    scope: "read",
    summary: "The reward catalogue",
    description: "The rewards members can spend points on, from the shop's program.",
    idempotent: false,
    success: { status: 200, schema: rewardListSchema, description: "The catalogue." },
    errors: [],
  },
  createRedemption: {
    id: "createRedemption",
    method: "POST",
    path: "/api/v1/members/{memberId}/redemptions",
    scope: "read_write",
    summary: "Redeem a reward for a member",
    description: "Holds the reward's points and creates a single-use discount code for the member's customer, as the checkout does.",
    body: redemptionRequest,
    idempotent: true,
    success: { status: 201, schema: redemptionEnvelope, description: "The code (the same one again for a repeated request)." },
    errors: [403, 404, 409, 422, 502],
  },
} as const satisfies Record<string, Endpoint>;

export type EndpointId = keyof typeof ENDPOINTS;
