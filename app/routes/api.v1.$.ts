// Any other path under /api/v1: a JSON 404, as every error of the public API (docs/public-api.md).
import { apiError } from "~/public-api/api-responses";

const notFound = () => apiError(404, "not_found", "There is no such endpoint. /api/v1/openapi.json lists every endpoint.");

export const loader = notFound;
export const action = notFound;
