// SMS numbers: the shop's numbers and who texts from them, search and buy more through
// Twilio, release them, and the shop's Messaging Service.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { useEffect, useState } from "react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  EmptyState,
  FormLayout,
  IndexTable,
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
import { inboundWebhookUrl, twilioClient } from "~/integrations/twilio/client.server";
import { formToObject, type FieldErrors } from "~/lib/validation";
import {
  assignNumber,
  buyNumber,
  listSenders,
  loadMessagingService,
  releaseNumber,
  saveMessagingService,
  searchAvailableNumbers,
  type AvailableNumber,
} from "~/domain/messaging/numbers.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [senders, experts, messagingService] = await Promise.all([
    listSenders(db, session.shop),
    db.expert.findMany({ where: { shop: session.shop, active: true }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
    loadMessagingService(db, session.shop),
  ]);
  return json({ senders, experts, messagingService });
};

type ActionResult = {
  intent: string;
  ok: boolean;
  errors: FieldErrors;
  numbers?: AvailableNumber[];
  /** The search that found `numbers`, so the form keeps it. */
  search?: Record<string, string>;
  message?: string;
};

const answer = (result: ActionResult) => json<ActionResult>(result, { status: result.ok ? 200 : 422 });
const text = (v: unknown) => (typeof v === "string" ? v : "");

// Unlike message sends (worker only), these Twilio calls run in the web process: they are
// interactive admin actions whose answer the merchant is waiting for on this page.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = session.shop;
  const form = formToObject(await request.formData());
  const intent = text(form.intent);

  switch (intent) {
    case "search": {
      const search = { country: text(form.country), type: text(form.type), areaCode: text(form.areaCode), contains: text(form.contains) };
      const result = await searchAvailableNumbers(twilioClient(), search);
      return result.ok
        ? answer({ intent, ok: true, errors: {}, numbers: result.numbers, search })
        : answer({ intent, ok: false, errors: result.errors, search });
    }
    case "buy": {
      const result = await buyNumber(db, twilioClient(), shop, {
        phoneNumber: text(form.phoneNumber),
        type: text(form.type),
        expertId: text(form.expertId),
        smsUrl: inboundWebhookUrl(),
      });
      if (!result.ok) return answer({ intent, ok: false, errors: result.errors });
      const message = "warning" in result ? result.warning : result.alreadyOwned ? `${result.sender.phoneNumber} is already yours` : `Bought ${result.sender.phoneNumber}`;
      return answer({ intent, ok: true, errors: {}, message });
    }
    case "assign": {
      const result = await assignNumber(db, shop, text(form.senderId), text(form.expertId) || null);
      return answer(result.ok ? { intent, ok: true, errors: {}, message: "Number reassigned" } : { intent, ok: false, errors: result.errors });
    }
    case "release": {
      const result = await releaseNumber(db, twilioClient(), shop, text(form.senderId));
      return answer(result.ok ? { intent, ok: true, errors: {}, message: `Released ${result.released}` } : { intent, ok: false, errors: result.errors });
    }
    case "messagingService": {
      const result = await saveMessagingService(db, shop, { messagingServiceSid: text(form.messagingServiceSid), defaultSenderMps: text(form.defaultSenderMps) });
      return answer(result.ok ? { intent, ok: true, errors: {}, message: "Messaging Service saved" } : { intent, ok: false, errors: result.errors });
    }
    default:
      return json<ActionResult>({ intent, ok: false, errors: { form: "Unknown action" } }, { status: 400 });
  }
};

const KIND_LABEL: Record<string, string> = { long_code: "Local", toll_free: "Toll-free", short_code: "Short code" };

export default function Numbers() {
  const { senders, experts, messagingService } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const shopify = useAppBridge();
  const busy = (intent: string) => navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
  const errorsFor = (intent: string): FieldErrors => (result && !result.ok && result.intent === intent ? result.errors : {});

  useEffect(() => {
    if (result?.ok && result.message) shopify.toast.show(result.message);
  }, [result, shopify]);

  const expertOptions = [{ label: "Shared (no expert)", value: "" }, ...experts.map((e) => ({ label: e.name, value: e.id }))];
  const formError = result && !result.ok ? result.errors.form ?? result.errors.senderId ?? (result.intent === "assign" || result.intent === "buy" ? result.errors.expertId : undefined) : undefined;

  const [search, setSearch] = useState({ country: "US", type: "local", areaCode: "", contains: "" });
  const searchErrors = errorsFor("search");
  const [service, setService] = useState({ messagingServiceSid: messagingService.messagingServiceSid, defaultSenderMps: String(messagingService.defaultSenderMps) });
  useEffect(
    () => setService({ messagingServiceSid: messagingService.messagingServiceSid, defaultSenderMps: String(messagingService.defaultSenderMps) }),
    [messagingService],
  );
  const serviceErrors = errorsFor("messagingService");
  const numbers = result?.intent === "search" && result.ok ? result.numbers ?? [] : null;

  const release = (id: string, phoneNumber: string) => {
    // Releasing gives the number back to Twilio for good; shoppers texting it will reach nobody.
    if (confirm(`Release ${phoneNumber}? It goes back to Twilio and can't be recovered; shoppers who text it won't reach you.`))
      submit({ intent: "release", senderId: id }, { method: "post" });
  };

  return (
    <Page title="SMS numbers">
      <Layout>
        {formError && (
          <Layout.Section>
            <Banner tone="critical">
              <p>{formError}</p>
            </Banner>
          </Layout.Section>
        )}
        <Layout.AnnotatedSection
          title="Your numbers"
          description="Each expert texts from their own number, so shoppers keep one thread with them. Messages from experts without a number go out through the Messaging Service or a shared number."
        >
          <Card padding="0">
            {senders.length === 0 ? (
              <EmptyState heading="No numbers yet" image="">
                <p>Search for a number below and buy it, or connect a Messaging Service.</p>
              </EmptyState>
            ) : (
              <IndexTable
                resourceName={{ singular: "number", plural: "numbers" }}
                itemCount={senders.length}
                selectable={false}
                headings={[{ title: "Number" }, { title: "Kind" }, { title: "Messages per second" }, { title: "Expert" }, { title: "" }]}
              >
                {senders.map((s, i) => (
                  <IndexTable.Row id={s.id} key={s.id} position={i}>
                    <IndexTable.Cell>
                      <Text as="span" variant="bodyMd" fontWeight="semibold">
                        {s.phoneNumber}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Badge tone={s.kind === "long_code" ? undefined : "info"}>{KIND_LABEL[s.kind] ?? s.kind}</Badge>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{s.mpsIsDefault ? `${s.mps} (default)` : String(s.mps)}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <Select
                        label={`Expert for ${s.phoneNumber}`}
                        labelHidden
                        options={expertOptions}
                        value={s.expertId ?? ""}
                        disabled={navigation.state !== "idle"}
                        onChange={(expertId) => submit({ intent: "assign", senderId: s.id, expertId }, { method: "post" })}
                      />
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Button tone="critical" variant="plain" loading={busy("release")} onClick={() => release(s.id, s.phoneNumber)}>
                        Release
                      </Button>
                    </IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
            )}
          </Card>
        </Layout.AnnotatedSection>

        <Layout.AnnotatedSection
          title="Buy a number"
          description="Numbers are bought in the app's Twilio account and answer texts here right away. Local numbers send 1 message per second, toll-free 3."
        >
          <Card>
            <BlockStack gap="400">
              <Form method="post">
                <input type="hidden" name="intent" value="search" />
                <FormLayout>
                  <FormLayout.Group>
                    <Select
                      label="Country"
                      name="country"
                      options={[
                        { label: "United States", value: "US" },
                        { label: "Canada", value: "CA" },
                      ]}
                      value={search.country}
                      onChange={(country) => setSearch((s) => ({ ...s, country }))}
                      error={searchErrors.country}
                    />
                    <Select
                      label="Type"
                      name="type"
                      options={[
                        { label: "Local", value: "local" },
                        { label: "Toll-free", value: "toll_free" },
                      ]}
                      value={search.type}
                      onChange={(type) => setSearch((s) => ({ ...s, type }))}
                      error={searchErrors.type}
                    />
                  </FormLayout.Group>
                  <FormLayout.Group>
                    <TextField label="Area code" name="areaCode" autoComplete="off" inputMode="numeric" maxLength={3} value={search.areaCode} onChange={(areaCode) => setSearch((s) => ({ ...s, areaCode }))} error={searchErrors.areaCode} />
                    <TextField label="Contains" name="contains" autoComplete="off" maxLength={7} helpText="Digits or letters, * for any digit" value={search.contains} onChange={(contains) => setSearch((s) => ({ ...s, contains }))} error={searchErrors.contains} />
                  </FormLayout.Group>
                  <InlineStack align="end">
                    <Button submit loading={busy("search")}>
                      Search
                    </Button>
                  </InlineStack>
                </FormLayout>
              </Form>
              {numbers && numbers.length === 0 && (
                <Text as="p" tone="subdued">
                  No numbers match. Try another area code or fewer digits.
                </Text>
              )}
              {numbers?.map((n) => (
                <BuyRow key={n.phoneNumber} number={n} type={result?.search?.type ?? search.type} expertOptions={expertOptions} busy={busy("buy") && navigation.formData?.get("phoneNumber") === n.phoneNumber} />
              ))}
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>

        <Layout.AnnotatedSection
          title="Messaging Service"
          description="Optional. Experts without their own number send through this Twilio Messaging Service, at the rate you set."
        >
          <Card>
            <Form method="post">
              <input type="hidden" name="intent" value="messagingService" />
              <FormLayout>
                <TextField
                  label="Messaging Service SID"
                  name="messagingServiceSid"
                  autoComplete="off"
                  placeholder="MG…"
                  helpText="Leave empty to send from your numbers only."
                  value={service.messagingServiceSid}
                  onChange={(messagingServiceSid) => setService((s) => ({ ...s, messagingServiceSid }))}
                  error={serviceErrors.messagingServiceSid}
                />
                <TextField
                  label="Messages per second"
                  name="defaultSenderMps"
                  type="number"
                  min={1}
                  max={1000}
                  autoComplete="off"
                  value={service.defaultSenderMps}
                  onChange={(defaultSenderMps) => setService((s) => ({ ...s, defaultSenderMps }))}
                  error={serviceErrors.defaultSenderMps}
                />
                <InlineStack align="end">
                  <Button submit variant="primary" loading={busy("messagingService")}>
                    Save
                  </Button>
                </InlineStack>
              </FormLayout>
            </Form>
          </Card>
        </Layout.AnnotatedSection>
      </Layout>
    </Page>
  );
}

function BuyRow(props: { number: AvailableNumber; type: string; expertOptions: { label: string; value: string }[]; busy: boolean }) {
  const { number, type, expertOptions, busy } = props;
  const [expertId, setExpertId] = useState("");
  const place = [number.locality, number.region].filter(Boolean).join(", ");
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="buy" />
      <input type="hidden" name="phoneNumber" value={number.phoneNumber} />
      <input type="hidden" name="type" value={type} />
      <InlineStack gap="400" align="space-between" blockAlign="center">
        <BlockStack gap="100">
          <Text as="span" variant="bodyMd" fontWeight="semibold">
            {number.friendlyName}
          </Text>
          <Text as="span" variant="bodySm" tone="subdued">
            {[place, number.capabilities.mms ? "SMS + MMS" : "SMS"].filter(Boolean).join(" · ")}
          </Text>
        </BlockStack>
        <InlineStack gap="200" blockAlign="center">
          <Select label={`Expert for ${number.phoneNumber}`} labelHidden name="expertId" options={expertOptions} value={expertId} onChange={setExpertId} />
          <Button submit variant="primary" loading={busy}>
            Buy
          </Button>
        </InlineStack>
      </InlineStack>
    </Form>
  );
}
