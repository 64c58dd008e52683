// Settings: program on/off, time zone, quiet hours, consent wording, baseline conversion.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useMemo, useState } from "react";
import {
  Badge,
  BlockStack,
  Banner,
  Button,
  Card,
  FormLayout,
  InlineStack,
  Layout,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useAppBridge } from "@shopify/app-bridge-react";
import { authenticate } from "~/shopify.server";
import { db } from "~/db.server";
import { formToObject, type FieldErrors } from "~/lib/validation";
import { loadSettings, saveSettings } from "~/domain/settings/settings.server";
import { consentHistory } from "~/domain/settings/consent.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [settings, history] = await Promise.all([loadSettings(db, session.shop), consentHistory(db, session.shop)]);
  return json({ settings, history, timeZones: Intl.supportedValuesOf("timeZone") });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const result = await saveSettings(db, session.shop, formToObject(await request.formData()));
  if (!result.ok) return json({ ok: false as const, errors: result.errors }, { status: 422 });
  return json({ ok: true as const, errors: {} as FieldErrors });
};

export default function Settings() {
  const { settings, history, timeZones } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: FieldErrors = result?.errors ?? {};
  const saving = useNavigation().state === "submitting";
  const shopify = useAppBridge();
  const [values, setValues] = useState(settings);
  // Reset only when the saved settings really changed: loaders revalidate after a rejected
  // save too, and that must not wipe what the merchant typed.
  const savedKey = JSON.stringify(settings);
  useEffect(() => setValues(JSON.parse(savedKey)), [savedKey]);
  useEffect(() => {
    if (result?.ok) shopify.toast.show("Settings saved");
  }, [result, shopify]);
  const set = (key: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [key]: value }));
  const tzOptions = useMemo(() => timeZones.map((tz) => ({ label: tz.replace(/_/g, " "), value: tz })), [timeZones]);

  return (
    <Page title="Settings">
      <Form method="post">
        <Layout>
          {Object.keys(errors).length > 0 && (
            <Layout.Section>
              <Banner tone="critical" title="Some settings need attention">
                <p>Fix the fields marked below, then save again.</p>
              </Banner>
            </Layout.Section>
          )}
          <Layout.AnnotatedSection title="Program" description="When the program is off, the storefront launcher and banner are hidden and no automated messages are sent.">
            <Card>
              <FormLayout>
                <Select
                  label="Concierge program"
                  name="programEnabled"
                  options={[
                    { label: "On: shoppers can reach your experts", value: "on" },
                    { label: "Off", value: "off" },
                  ]}
                  value={values.programEnabled ? "on" : "off"}
                  onChange={(v) => setValues((s) => ({ ...s, programEnabled: v === "on" }))}
                  error={errors.programEnabled}
                />
                <TextField
                  label="Baseline conversion rate"
                  name="baselineConversionPercent"
                  type="number"
                  suffix="%"
                  step={0.1}
                  autoComplete="off"
                  helpText="Your store's conversion rate without experts. Analytics measure the lift against it."
                  value={String(values.baselineConversionPercent)}
                  onChange={set("baselineConversionPercent")}
                  error={errors.baselineConversionPercent}
                />
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>
          <Layout.AnnotatedSection
            title="Quiet hours"
            description="Automated texts go out only inside this window, in each shopper's local time. The legal window is 08:00–21:00 (08:00–20:00 in FL, CT, MD, OK and WA); you can narrow it. Replies to a shopper who texted in the last 24 hours are always allowed."
          >
            <Card>
              <FormLayout>
                <Select label="Store time zone" name="timezone" options={tzOptions} value={values.timezone} onChange={set("timezone")} error={errors.timezone} helpText="Used when a shopper's own time zone is unknown." />
                <FormLayout.Group>
                  <TextField label="Send from" name="quietHoursStart" type="time" autoComplete="off" value={values.quietHoursStart} onChange={set("quietHoursStart")} error={errors.quietHoursStart} />
                  <TextField label="Send until" name="quietHoursEnd" type="time" autoComplete="off" value={values.quietHoursEnd} onChange={set("quietHoursEnd")} error={errors.quietHoursEnd} />
                </FormLayout.Group>
              </FormLayout>
            </Card>
          </Layout.AnnotatedSection>
          <Layout.AnnotatedSection
            title="SMS consent"
            description="Shown next to the unchecked consent box in the survey. Each change is saved as a new version; every consent record keeps the exact version the shopper agreed to."
          >
            <Card>
              <BlockStack gap="300">
                <InlineStack gap="200" blockAlign="center">
                  <Text as="span" variant="bodyMd">Current wording</Text>
                  <Badge tone="info">{`Version ${settings.consentVersion}`}</Badge>
                </InlineStack>
                <TextField label="Consent wording" labelHidden name="consentText" multiline={6} autoComplete="off" value={values.consentText} onChange={set("consentText")} error={errors.consentText} helpText="Must say that consent is not a condition of purchase, the message frequency, “Msg & data rates may apply”, “Reply HELP for help, STOP to cancel”, and link the terms and privacy policy." />
                <TextField label="HELP reply" name="helpText" multiline={2} autoComplete="off" value={values.helpText} onChange={set("helpText")} error={errors.helpText} helpText="Sent when a shopper texts HELP." />
                {history.length > 1 && (
                  <Text as="p" tone="subdued" variant="bodySm">
                    {`Earlier versions: ${history.slice(1).map((h) => `v${h.version} (${new Date(h.createdAt).toLocaleDateString()})`).join(", ")}`}
                  </Text>
                )}
              </BlockStack>
            </Card>
          </Layout.AnnotatedSection>
          <Layout.Section>
            <InlineStack align="end">
              <Button submit variant="primary" loading={saving}>
                Save
              </Button>
            </InlineStack>
          </Layout.Section>
        </Layout>
      </Form>
    </Page>
  );
}
