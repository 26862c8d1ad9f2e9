// The dashboard's period: a preset, or a custom range of days, sent as the query string the loader reads.
import { Form, useNavigation } from "@remix-run/react";
import { Button, InlineStack, Select, TextField } from "@shopify/polaris";
import { useState } from "react";
import { dashboardStrings as t } from "~/admin/strings/dashboard";
import type { Preset } from "./dashboard-period";
import type { DashboardData } from "./dashboard-query.server";

const PRESETS: (Preset | "custom")[] = ["7d", "30d", "90d", "365d", "custom"];

export function PeriodPicker({ period }: { period: DashboardData["period"] }) {
  const [preset, setPreset] = useState<string>(period.preset);
  const [from, setFrom] = useState(period.fromDay);
  const [to, setTo] = useState(period.toDay);
  const navigation = useNavigation();
  return (
    <Form method="get">
      <InlineStack gap="300" blockAlign="end">
        <Select label={t.period.label} name="period" options={PRESETS.map((value) => ({ value, label: t.period.presets[value] }))} value={preset} onChange={setPreset} />
        {preset === "custom" ? (
          <>
            <TextField label={t.period.from} name="from" type="date" value={from} onChange={setFrom} autoComplete="off" />
            <TextField label={t.period.to} name="to" type="date" value={to} onChange={setTo} autoComplete="off" />
          </>
        ) : null}
        <Button submit loading={navigation.state === "loading" && navigation.location.pathname === "/app"}>
          {t.period.apply}
        </Button>
      </InlineStack>
    </Form>
  );
}
