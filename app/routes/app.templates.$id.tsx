// Create or edit a template (/app/templates/new, /app/templates/:id), or delete one.
// Variables are checked on save; an unknown one is a field error naming it.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams, useSubmit } from "@remix-run/react";
import { useEffect, useMemo, useState } from "react";
import { Banner, BlockStack, Box, Button, Card, FormLayout, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useAppBridge } from "@shopify/app-bridge-react";
import { authenticate } from "~/shopify.server";
import { db } from "~/db.server";
import { formToObject, type FieldErrors } from "~/lib/validation";
import { deleteTemplate, saveTemplate, TEMPLATE_VARIABLES } from "~/domain/templates/templates.server";
import { getTemplate } from "~/domain/templates/template-lookup.server";
import { expertForStaffUser } from "~/domain/conversations/composer.server";
import { getShop } from "~/domain/shops/shops.server";
import { previewTemplate } from "~/components/templates/templatePreview";
import { insertAtCursor, VariableChips } from "~/components/templates/VariableChips";
import { SegmentCounter } from "~/components/inbox/SegmentCounter";

const BODY_FIELD_ID = "template-body";
const blank = { name: "", body: "", productId: "", productTitle: "" };

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const shop = session.shop;
  const [shopRow, me] = await Promise.all([getShop(db, shop), expertForStaffUser(db, shop, sessionToken?.sub)]);
  const expertName = me?.name ?? "Ava Brooks";
  const shopName = shopRow.name ?? shop.replace(/\.myshopify\.com$/, "");
  const shared = {
    variables: Object.entries(TEMPLATE_VARIABLES).map(([name, description]) => ({ name, description })),
    // Preview values; product ones come from the picked product in the browser.
    samples: {
      "shopper.first_name": "Jamie",
      "shopper.last_name": "Rivera",
      "expert.name": expertName,
      "expert.first_name": expertName.split(/\s+/)[0]!,
      "shop.name": shopName,
    } as Record<string, string>,
    shopDomain: shop,
  };
  if (params.id === "new") return json({ id: null, values: blank, ...shared });
  const template = await getTemplate(db, shop, params.id!);
  if (!template) throw new Response("Template not found", { status: 404 });
  return json({
    id: template.id,
    values: { name: template.name, body: template.body, productId: template.productId ?? "", productTitle: template.productTitle ?? "" },
    ...shared,
  });
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, redirect } = await authenticate.admin(request);
  const form = formToObject(await request.formData());
  const id = params.id === "new" ? null : params.id!;
  if (form.intent === "delete") {
    if (!id || !(await deleteTemplate(db, session.shop, id))) throw new Response("Template not found", { status: 404 });
    return redirect("/app/templates");
  }
  const result = await saveTemplate(db, session.shop, id, form);
  if (!result.ok) return json({ ok: false as const, errors: result.errors }, { status: id && result.errors.form ? 404 : 422 });
  if (!id) return redirect(`/app/templates/${result.id}?created=1`);
  return json({ ok: true as const, errors: {} as FieldErrors });
};

export default function TemplateRoute() {
  const data = useLoaderData<typeof loader>();
  // Keyed by template: the form keeps what was typed across revalidations (a 422 reloads
  // the loader too) and starts fresh only when another template is opened.
  return <TemplateForm key={data.id ?? "new"} {...data} />;
}

function TemplateForm({ id, values: initial, variables, samples, shopDomain }: ReturnType<typeof useLoaderData<typeof loader>>) {
  const result = useActionData<typeof action>();
  const errors: FieldErrors = result?.errors ?? {};
  const navigation = useNavigation();
  const saving = navigation.state === "submitting" && navigation.formData?.get("intent") !== "delete";
  const deleting = navigation.state === "submitting" && navigation.formData?.get("intent") === "delete";
  const submit = useSubmit();
  const shopify = useAppBridge();
  const [values, setValues] = useState(initial);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [params] = useSearchParams();
  useEffect(() => {
    if (result?.ok) shopify.toast.show("Template saved");
  }, [result, shopify]);
  useEffect(() => {
    // Set by the redirect after creating.
    if (params.get("created")) shopify.toast.show("Template created");
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const set = (key: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [key]: value }));

  const pickProduct = async () => {
    const selection = await shopify.resourcePicker({
      type: "product",
      multiple: false,
      action: "select",
      ...(values.productId ? { selectionIds: [{ id: values.productId }] } : {}),
    });
    const product = selection?.[0];
    if (product) setValues((v) => ({ ...v, productId: product.id, productTitle: product.title }));
  };

  const hasProduct = values.productId !== "";
  const preview = useMemo(
    () =>
      previewTemplate(values.body, {
        ...samples,
        ...(hasProduct ? { "product.title": values.productTitle || "Your product", "product.url": `https://${shopDomain}/products/…` } : {}),
      }),
    [values.body, values.productTitle, hasProduct, samples, shopDomain],
  );

  return (
    <Page
      title={id ? values.name || "Template" : "New template"}
      backAction={{ content: "Templates", url: "/app/templates" }}
      secondaryActions={id ? [{ content: "Delete", destructive: true, onAction: () => setConfirmDelete(true) }] : []}
    >
      <Form method="post">
        <input type="hidden" name="productId" value={values.productId} />
        <input type="hidden" name="productTitle" value={values.productTitle} />
        <Layout>
          {confirmDelete && (
            <Layout.Section>
              <Banner tone="critical" title={`Delete “${initial.name}”?`} onDismiss={() => setConfirmDelete(false)}>
                <BlockStack gap="200">
                  <p>Experts won't see it in the composer any more. Messages already sent are kept.</p>
                  <InlineStack gap="200">
                    <Button variant="primary" tone="critical" loading={deleting} onClick={() => submit({ intent: "delete" }, { method: "post" })}>
                      Delete template
                    </Button>
                    <Button onClick={() => setConfirmDelete(false)}>Cancel</Button>
                  </InlineStack>
                </BlockStack>
              </Banner>
            </Layout.Section>
          )}
          {errors.form && (
            <Layout.Section>
              <Banner tone="critical">{errors.form}</Banner>
            </Layout.Section>
          )}
          <Layout.Section>
            <Card>
              <FormLayout>
                <TextField label="Name" name="name" autoComplete="off" value={values.name} onChange={set("name")} error={errors.name} helpText="Only your team sees this, in the template picker." maxLength={80} />
                <BlockStack gap="200">
                  <TextField
                    id={BODY_FIELD_ID}
                    label="Message"
                    name="body"
                    multiline={5}
                    autoComplete="off"
                    value={values.body}
                    onChange={set("body")}
                    error={errors.body}
                    maxLength={1600}
                  />
                  <SegmentCounter body={preview} />
                  <VariableChips variables={variables} hasProduct={hasProduct} onInsert={(token) => insertAtCursor(BODY_FIELD_ID, values.body, token, set("body"))} />
                </BlockStack>
              </FormLayout>
            </Card>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <BlockStack gap="400">
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingSm">
                    Product
                  </Text>
                  {hasProduct ? (
                    <>
                      <Text as="p" fontWeight="semibold">
                        {values.productTitle || values.productId}
                      </Text>
                      <Text as="p" tone="subdued" variant="bodySm">
                        Shown under this product in the composer. Can use {"{{product.title}}"} and {"{{product.url}}"}.
                      </Text>
                      <InlineStack gap="200">
                        <Button onClick={pickProduct}>Change product</Button>
                        <Button variant="plain" tone="critical" onClick={() => setValues((v) => ({ ...v, productId: "", productTitle: "" }))}>
                          Remove product
                        </Button>
                      </InlineStack>
                    </>
                  ) : (
                    <>
                      <Text as="p" tone="subdued">
                        General: for any conversation.
                      </Text>
                      <Button onClick={pickProduct}>Choose product</Button>
                    </>
                  )}
                  {errors.productId && (
                    <Text as="p" tone="critical">
                      {errors.productId}
                    </Text>
                  )}
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingSm">
                    Preview
                  </Text>
                  <Box background="bg-surface-info" padding="300" borderRadius="300">
                    <Text as="p" breakWord tone={preview ? undefined : "subdued"}>
                      <span style={{ whiteSpace: "pre-wrap" }}>{preview || "Your message appears here."}</span>
                    </Text>
                  </Box>
                  <Text as="p" tone="subdued" variant="bodySm">
                    With sample values. Experts can edit the text before sending.
                  </Text>
                </BlockStack>
              </Card>
            </BlockStack>
          </Layout.Section>
          <Layout.Section>
            <Button submit variant="primary" loading={saving}>
              {id ? "Save" : "Create template"}
            </Button>
          </Layout.Section>
        </Layout>
      </Form>
    </Page>
  );
}
