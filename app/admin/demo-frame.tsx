// The admin's chrome in the demo: Polaris' own Frame standing in for the Shopify admin around the app, with the
// app's navigation and a banner that says plainly this is not a real shop.
import { Form, useLocation, useSubmit } from "@remix-run/react";
import { Banner, Box, Button, Frame, InlineStack, Navigation, Text, TopBar } from "@shopify/polaris";
import { useState, type ReactNode } from "react";
import { ADMIN_HOME, ADMIN_PAGES } from "./navigation";
import { en } from "./strings/en";

function initialsOf(name: string): string {
  return name
    .split(/\s+/)
    .map((word) => word.charAt(0))
    .join("")
    .slice(0, 2)
    .toUpperCase();
}

export function DemoFrame({ shopName, staff, children }: { shopName: string; staff: string; children: ReactNode }) {
  const location = useLocation();
  const submit = useSubmit();
  const [userMenuOpen, setUserMenuOpen] = useState(false);
  const signOut = () => submit({ intent: "sign-out" }, { method: "post", action: "/demo" });

  const topBar = (
    <TopBar
      userMenu={
        <TopBar.UserMenu
          name={staff}
          detail={shopName}
          initials={initialsOf(staff)}
          actions={[{ items: [{ content: en.demo.signOut, onAction: signOut }] }]}
          open={userMenuOpen}
          onToggle={() => setUserMenuOpen((open) => !open)}
        />
      }
    />
  );
  const navigation = (
    <Navigation location={location.pathname}>
      <Navigation.Section items={ADMIN_PAGES.map((page) => ({ ...page, exactMatch: page.url === ADMIN_HOME }))} />
    </Navigation>
  );

  return (
    <Frame
      topBar={topBar}
      navigation={navigation}
      logo={{ topBarSource: "/favicon.svg", width: 28, url: ADMIN_HOME, accessibilityLabel: en.appName }}
    >
      <Box paddingBlockStart="400" paddingInline="400">
        <Banner tone="warning" title={en.demo.banner}>
          <InlineStack gap="400" align="space-between" blockAlign="center">
            <Text as="p">{en.demo.bannerBody(shopName)}</Text>
            {/* A real form, so signing out works before the page's scripts have loaded. */}
            <Form method="post" action="/demo">
              <input type="hidden" name="intent" value="sign-out" />
              <Button submit>{en.demo.signOut}</Button>
            </Form>
          </InlineStack>
        </Banner>
      </Box>
      {children}
    </Frame>
  );
}
