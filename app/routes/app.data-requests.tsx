// The exports Tally stored for customers/data_request, for the merchant to download and pass on.
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, EmptyState, IndexTable, Page, Text } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { DownloadButton } from "~/admin/download-button";
import { formatDateTime } from "~/admin/format-dates";
import { requireStaff } from "~/admin/staff-auth.server";
import { en } from "~/admin/strings/en";
import { db } from "~/db/db.server";

export const meta: MetaFunction = () => [{ title: `${en.dataRequests.title} · ${en.appName}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireStaff(request);
  const requests = await db().read.dataRequest.findMany({
    where: { shop },
    orderBy: { requestedAt: "desc" },
    take: 200,
    select: { id: true, customerId: true, requestedAt: true },
  });
  return { requests: requests.map((r) => ({ ...r, requestedAt: r.requestedAt.toISOString() })) };
}

export default function DataRequests() {
  const { requests } = useLoaderData<typeof loader>();
  return (
    <Page title={en.dataRequests.title}>
      <BlockStack gap="400">
        <Text as="p">{en.dataRequests.intro}</Text>
        <Card padding="0">
          {requests.length === 0 ? (
            <EmptyState heading={en.dataRequests.empty} image="" />
          ) : (
            <IndexTable
              resourceName={en.dataRequests.resourceName}
              itemCount={requests.length}
              selectable={false}
              headings={[{ title: en.dataRequests.columns.requestedAt }, { title: en.dataRequests.columns.customer }, { title: en.dataRequests.columns.export }]}
            >
              {requests.map((request, index) => (
                <IndexTable.Row id={request.id} key={request.id} position={index}>
                  <IndexTable.Cell>{formatDateTime(request.requestedAt)}</IndexTable.Cell>
                  <IndexTable.Cell>{request.customerId}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <DownloadButton
                      url={`/app/data-requests/${request.id}`}
                      label={en.dataRequests.download}
                      accessibilityLabel={en.dataRequests.downloadLabel(request.customerId)}
                      fallbackName={`tally-customer-${request.customerId}.json`}
                      failedMessage={en.dataRequests.downloadFailed}
                    />
                  </IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          )}
        </Card>
      </BlockStack>
    </Page>
  );
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
