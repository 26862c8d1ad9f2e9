// The Program page's "Actions that earn": the newsletter and social switches and points, a link per network, and
// the custom-event rules, added and removed like tiers (docs/decisions/044-actions-that-earn.md).
import { Banner, BlockStack, Button, Card, FormLayout, InlineStack, Layout, Select, Text, TextField } from "@shopify/polaris";
import { programActionStrings as t } from "~/admin/strings/program-actions";
import { MAX_EVENT_RULES, SOCIAL_NETWORK_NAMES, SOCIAL_NETWORKS } from "~/loyalty/actions/action-rules";
import { EVENT_LIMITS } from "./actions-form";
import { fieldId, RuleCheckbox, RuleTextField, useDraft } from "./rule-inputs";

export function ActionsSection() {
  const { draft, errors, setLink, setEvent, addEvent, removeEvent } = useDraft();
  return (
    <Layout.AnnotatedSection id="actions" title={t.section.title} description={t.section.description}>
      <BlockStack gap="400">
        <Card>
          <FormLayout>
            <RuleCheckbox name="actions.newsletter.enabled" />
            <RuleTextField name="actions.newsletter.points" unit="points" />
          </FormLayout>
        </Card>
        <Card>
          <FormLayout>
            <RuleCheckbox name="actions.social.enabled" />
            <RuleTextField name="actions.social.points" unit="points" />
            <Text as="h3" variant="headingSm">
              {t.socialLinks}
            </Text>
            {SOCIAL_NETWORKS.map((network) => (
              <TextField
                key={network}
                id={fieldId(`social.${network}`)}
                name={`social.${network}`}
                label={SOCIAL_NETWORK_NAMES[network]}
                helpText={t.socialLinkHelp}
                type="url"
                value={draft.actions.links[network]}
                onChange={(value) => setLink(network, value)}
                error={errors[`social.${network}`]}
                autoComplete="off"
              />
            ))}
          </FormLayout>
        </Card>
        <Card>
          <BlockStack gap="300">
            <Text as="h3" variant="headingSm">
              {t.events.heading}
            </Text>
            <Text as="p" tone="subdued">
              {t.events.help}
            </Text>
            {errors.events ? (
              <Banner tone="critical">
                <p>{errors.events}</p>
              </Banner>
            ) : null}
            {draft.actions.events.map((rule, index) => {
              const base = `events.${index}`;
              return (
                <BlockStack key={index} gap="200">
                  <FormLayout>
                    <FormLayout.Group>
                      <TextField id={fieldId(`${base}.event`)} name={`${base}.event`} label={t.events.event} helpText={t.events.eventHelp} value={rule.event} onChange={(value) => setEvent(index, "event", value)} error={errors[`${base}.event`]} autoComplete="off" />
                      <TextField id={fieldId(`${base}.points`)} name={`${base}.points`} label={t.events.points} inputMode="numeric" value={rule.points} onChange={(value) => setEvent(index, "points", value)} error={errors[`${base}.points`]} autoComplete="off" />
                    </FormLayout.Group>
                    <FormLayout.Group>
                      <Select
                        id={fieldId(`${base}.limit`)}
                        name={`${base}.limit`}
                        label={t.events.limit}
                        options={EVENT_LIMITS.map((limit) => ({ value: limit, label: t.events.limits[limit] }))}
                        value={rule.limit}
                        onChange={(value) => setEvent(index, "limit", value)}
                        error={errors[`${base}.limit`]}
                      />
                      <TextField
                        id={fieldId(`${base}.times`)}
                        name={`${base}.times`}
                        label={t.events.times}
                        inputMode="numeric"
                        disabled={rule.limit === "once"}
                        value={rule.limit === "once" ? "1" : rule.times}
                        onChange={(value) => setEvent(index, "times", value)}
                        error={errors[`${base}.times`]}
                        autoComplete="off"
                      />
                    </FormLayout.Group>
                    <TextField id={fieldId(`${base}.label`)} name={`${base}.label`} label={t.events.label} helpText={t.events.labelHelp} value={rule.label} onChange={(value) => setEvent(index, "label", value)} error={errors[`${base}.label`]} autoComplete="off" />
                  </FormLayout>
                  <InlineStack align="end">
                    <Button variant="plain" tone="critical" accessibilityLabel={t.events.remove(rule.event)} onClick={() => removeEvent(index)}>
                      {t.events.removeLabel}
                    </Button>
                  </InlineStack>
                </BlockStack>
              );
            })}
            <InlineStack>
              <Button onClick={addEvent} disabled={draft.actions.events.length >= MAX_EVENT_RULES}>
                {t.events.add}
              </Button>
            </InlineStack>
          </BlockStack>
        </Card>
      </BlockStack>
    </Layout.AnnotatedSection>
  );
}
