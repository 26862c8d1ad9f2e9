// The members list's search, tier filter and sort: a plain GET form, so every choice lands in the query string
// (shareable, back-button friendly) and the list works without JavaScript.
import { Form, useNavigation } from "@remix-run/react";
import { Button, InlineStack, Select, TextField } from "@shopify/polaris";
import { useState } from "react";
import { en } from "../strings/en";
import { MEMBER_SORTS, membersList as t } from "../strings/members";
import type { MembersPage } from "./members-query.server";

export function MembersFilters({ data }: { data: Pick<MembersPage, "search" | "tier" | "sort" | "order" | "tiers"> }) {
  const [query, setQuery] = useState(data.search);
  const [tier, setTier] = useState(data.tier);
  const [sort, setSort] = useState<string>(data.sort);
  const [order, setOrder] = useState<string>(data.order);
  const navigation = useNavigation();
  const busy = navigation.state === "loading" && navigation.location.pathname === "/app/members";
  return (
    <Form method="get" role="search">
      <InlineStack gap="300" blockAlign="end" wrap>
        <div style={{ flexGrow: 1, minWidth: "14rem" }}>
          <TextField
            label={en.members.searchLabel}
            name="q"
            value={query}
            onChange={setQuery}
            placeholder={en.members.searchPlaceholder}
            autoComplete="off"
            clearButton
            onClearButtonClick={() => setQuery("")}
          />
        </div>
        <Select
          label={t.tierLabel}
          name="tier"
          value={tier}
          onChange={setTier}
          options={[{ label: t.allTiers, value: "" }, ...data.tiers.map((option) => ({ label: option.name, value: option.key }))]}
        />
        <Select label={t.sortLabel} name="sort" value={sort} onChange={setSort} options={MEMBER_SORTS.map((value) => ({ label: t.sorts[value], value }))} />
        <Select
          label={t.orderLabel}
          name="order"
          value={order}
          onChange={setOrder}
          options={[
            { label: t.orders.desc, value: "desc" },
            { label: t.orders.asc, value: "asc" },
          ]}
        />
        <Button submit loading={busy}>
          {t.apply}
        </Button>
      </InlineStack>
    </Form>
  );
}
