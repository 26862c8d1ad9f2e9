import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { BlockStack, Box, Button, Card, InlineStack, Page, TextField } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { useState } from "react";
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
  return queryMembers(db().prisma, shop, search.data);
}

function SearchForm({ initial }: { initial: string }) {
  const [query, setQuery] = useState(initial);
  const navigation = useNavigation();
  return (
    <Form method="get">
      <InlineStack gap="200" blockAlign="end" wrap={false}>
        <div style={{ flexGrow: 1 }}>
          <TextField
            label={en.members.searchLabel}
            labelHidden
            name="q"
            value={query}
            onChange={setQuery}
            placeholder={en.members.searchPlaceholder}
            autoComplete="off"
            clearButton
            onClearButtonClick={() => setQuery("")}
          />
        </div>
        <Button submit loading={navigation.state === "loading" && navigation.location.pathname === "/app/members"}>
          {en.members.searchButton}
        </Button>
      </InlineStack>
    </Form>
  );
}

export default function Members() {
  const data = useLoaderData<typeof loader>();
  const empty = data.total === 0 && data.search === "";
  return (
    <Page title={en.members.title}>
      <Card padding="0">
        {empty ? (
          <NoMembers />
        ) : (
          <BlockStack>
            <Box padding="300">
              <SearchForm key={data.search} initial={data.search} />
            </Box>
            <MembersTable data={data} />
          </BlockStack>
        )}
      </Card>
    </Page>
  );
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
