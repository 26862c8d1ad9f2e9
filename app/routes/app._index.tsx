import { redirect, type LoaderFunctionArgs } from "@remix-run/node";

// The admin opens on the members list; the query string carries Shopify's shop, host and id_token along.
export function loader({ request }: LoaderFunctionArgs) {
  const { search } = new URL(request.url);
  throw redirect(`/app/members${search}`);
}
