import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Box, Card, Page } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { MembersFilters } from "~/admin/members/members-filters";
import { MembersTable, NoMembers } from "~/admin/members/members-table";
import { membersSearchSchema, queryMembers } from "~/admin/members/members-query.server";
import { requireStaff } from "~/admin/staff-auth.server";
import { en } from "~/admin/strings/en";
import { db } from "~/db/db.server";

export const meta: MetaFunction = () => [{ title: `${en.members.title} · ${en.appName}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireStaff(request);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const search = membersSearchSchema.safeParse(params);
  if (!search.success) throw new Response(search.error.issues.map((issue) => issue.message).join("; "), { status: 400 });
  const result = await queryMembers(db().read, shop, search.data);
  if (!result.ok) throw new Response(result.message, { status: 400 });
  return result.page;
}

export default function Members() {
  const data = useLoaderData<typeof loader>();
  const empty = data.total === 0 && data.search === "" && data.tier === "";
  return (
    <Page title={en.members.title}>
      <Card padding="0">
        {empty ? (
          <NoMembers />
        ) : (
          <BlockStack>
            <Box padding="300">
              <MembersFilters key={`${data.search}|${data.tier}|${data.sort}|${data.order}`} data={data} />
            </Box>
            <MembersTable data={data} />
          </BlockStack>
        )}
      </Card>
    </Page>
  );
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
