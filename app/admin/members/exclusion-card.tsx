// Whether the member takes part in the program, and the form that takes them out or brings them back
// (docs/decisions/041-the-program-fits-the-shop.md). A tag or the program's pause is changed elsewhere (Shopify,
// the Program page); staff's own exclusion is changed here, with a reason.
import { Form, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, FormLayout, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { formatDate } from "../format-dates";
import { memberDetail as t } from "../strings/members";
import type { MemberDetail } from "./member-detail.server";
import { MAX_REASON_LENGTH } from "./adjustment-form";

export interface ExclusionCardProps {
  participation: MemberDetail["participation"];
  done?: string;
  error?: string;
}

export function ExclusionCard({ participation, done, error }: ExclusionCardProps) {
  const [reason, setReason] = useState("");
  const navigation = useNavigation();
  const excluded = participation.excludedAt !== null;
  const notes = [
    excluded && participation.excludedAt ? t.participationExcluded(formatDate(participation.excludedAt)) : null,
    participation.excludedTag ? t.participationTag(participation.excludedTag) : null,
    participation.paused ? t.participationPaused : null,
  ].filter((note): note is string => note !== null);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t.participationHeading}
        </Text>
        {(notes.length > 0 ? notes : [t.participationIn]).map((note) => (
          <Text as="p" key={note} tone={notes.length > 0 ? "critical" : "subdued"}>
            {note}
          </Text>
        ))}
        {done ? <Banner tone="success" title={done} /> : null}
        <Form method="post">
          <input type="hidden" name="intent" value={excluded ? "include" : "exclude"} />
          <FormLayout>
            <TextField
              label={t.excludeReasonLabel}
              name="reason"
              value={reason}
              onChange={setReason}
              helpText={t.excludeReasonHelp}
              error={error}
              maxLength={MAX_REASON_LENGTH}
              autoComplete="off"
              requiredIndicator
            />
            <Button submit tone={excluded ? undefined : "critical"} loading={navigation.state === "submitting"}>
              {excluded ? t.includeButton : t.excludeButton}
            </Button>
          </FormLayout>
        </Form>
      </BlockStack>
    </Card>
  );
}
