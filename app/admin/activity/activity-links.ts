// Links between pages of the Activity page; client-safe (the filters' parsing stays on the server).

/** The query string of a page with these filters; the cursor is left out for the first page. */
export function activityUrl(search: Partial<Record<"view" | "code" | "member" | "from" | "to" | "action" | "cursor", string | undefined>>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(search)) if (value) params.set(key, value);
  const query = params.toString();
  return query ? `/app/activity?${query}` : "/app/activity";
}
