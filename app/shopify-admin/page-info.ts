// The cursor part of an Admin API connection, as Tally's documents select it.
import { z } from "zod";

export const PAGE_INFO_FIELDS = `pageInfo { hasNextPage endCursor }`;

export const pageInfo = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() });
