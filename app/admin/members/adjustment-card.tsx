// The manual adjustment form. Its hidden key comes from the loader, one per rendering, so submitting the same
// form twice (a double click, a resent POST) records one adjustment; after a success the loader hands out a new
// key and the form starts empty.
import { Form, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, FormLayout, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { memberDetail as t } from "../strings/members";
import type { AdjustmentErrors } from "./adjustment-form";
import { MAX_REASON_LENGTH } from "./adjustment-form";

export interface AdjustmentCardProps {
  formKey: string;
  errors?: AdjustmentErrors;
  /** The message after a recorded adjustment. */
  done?: string;
  /** What was submitted, to keep in the fields when the submission failed. */
  submitted?: { points: string; reason: string };
}

export function AdjustmentCard({ formKey, errors, done, submitted }: AdjustmentCardProps) {
  const [points, setPoints] = useState(submitted?.points ?? "");
  const [reason, setReason] = useState(submitted?.reason ?? "");
  const navigation = useNavigation();
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t.adjustHeading}
        </Text>
        <Text as="p" tone="subdued">
          {t.adjustIntro}
        </Text>
        {done ? <Banner tone="success" title={done} /> : null}
        {errors?.form ? <Banner tone="critical" title={errors.form} /> : null}
        <Form method="post">
          <input type="hidden" name="idempotencyKey" value={formKey} />
          <FormLayout>
            <TextField
              label={t.pointsLabel}
              name="points"
              type="number"
              inputMode="numeric"
              step={1}
              value={points}
              onChange={setPoints}
              helpText={t.pointsHelp}
              error={errors?.points}
              autoComplete="off"
              requiredIndicator
            />
            <TextField
              label={t.reasonLabel}
              name="reason"
              value={reason}
              onChange={setReason}
              helpText={t.reasonHelp}
              error={errors?.reason}
              maxLength={MAX_REASON_LENGTH}
              showCharacterCount
              autoComplete="off"
              requiredIndicator
            />
            <Button submit variant="primary" loading={navigation.state === "submitting"}>
              {t.adjustButton}
            </Button>
          </FormLayout>
        </Form>
      </BlockStack>
    </Card>
  );
}
