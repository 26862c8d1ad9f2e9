// The demo sign-in (TALLY_DEMO only): opens the admin for the demo shop with no Shopify account. With the demo
// off, this path does not exist.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import { signInDemoStaff, signOutDemoStaff } from "~/admin/demo-session.server";
import { formatCount } from "~/admin/format";
import { StandalonePolarisProvider } from "~/admin/polaris-provider";
import { en } from "~/admin/strings/en";
import { db } from "~/db/db.server";
import { env } from "~/env.server";
import { findShop } from "~/loyalty/program/shop-store.server";

export const meta: MetaFunction = () => [{ title: en.demo.title }];

function requireDemo(): string {
  const { demo, demoShop } = env();
  if (!demo) throw new Response("Not Found", { status: 404 });
  return demoShop;
}

export async function loader(_args: LoaderFunctionArgs) {
  const domain = requireDemo();
  const shop = await findShop(db().read, domain);
  const members = shop ? await db().read.member.count({ where: { shop: domain } }) : 0;
  return { domain, shopName: shop?.name ?? domain, seeded: shop !== null, members };
}

const demoAction = z.object({ intent: z.enum(["sign-in", "sign-out"]) });

export async function action({ request }: ActionFunctionArgs) {
  requireDemo();
  const parsed = demoAction.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Expected intent=sign-in or intent=sign-out", { status: 400 });
  if (parsed.data.intent === "sign-out") {
    throw redirect("/demo", { headers: { "Set-Cookie": await signOutDemoStaff(request) } });
  }
  throw redirect("/app/members", { headers: { "Set-Cookie": await signInDemoStaff(request) } });
}

export default function DemoSignIn() {
  const { shopName, seeded, members } = useLoaderData<typeof loader>();
  return (
    <StandalonePolarisProvider>
      <Page title={en.demo.title} narrowWidth>
        <BlockStack gap="400">
          <Banner tone="info" title={en.demo.banner} />
          <Card>
            <BlockStack gap="300">
              <Text variant="headingMd" as="h2">
                {shopName}
              </Text>
              <Text as="p">{en.demo.intro(shopName)}</Text>
              <Text as="p" tone={seeded ? "subdued" : "critical"}>
                {seeded ? en.demo.members(formatCount(members)) : en.demo.notSeeded}
              </Text>
              <Form method="post">
                <input type="hidden" name="intent" value="sign-in" />
                <Button submit variant="primary">
                  {en.demo.signIn}
                </Button>
              </Form>
            </BlockStack>
          </Card>
        </BlockStack>
      </Page>
    </StandalonePolarisProvider>
  );
}
