// Create or edit an expert (/app/experts/new, /app/experts/:id), and deactivate one.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { useEffect, useState } from "react";
import { Badge, Banner, BlockStack, Button, Card, FormLayout, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useAppBridge } from "@shopify/app-bridge-react";
import { authenticate } from "~/shopify.server";
import { db } from "~/db.server";
import { formToObject, type FieldErrors } from "~/lib/validation";
import { createExpert, getExpert, setExpertActive, updateExpert } from "~/domain/experts/experts.server";

const blank = {
  name: "",
  email: "",
  photoUrl: "",
  bio: "",
  specialties: "",
  capacity: "25",
  availability: "online",
  staffUserId: "",
};

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const currentUserId = sessionToken?.sub ?? null;
  if (params.id === "new") return json({ id: null, active: true, values: blank, currentUserId });
  const expert = await getExpert(db, session.shop, params.id!);
  if (!expert) throw new Response("Expert not found", { status: 404 });
  return json({
    id: expert.id,
    active: expert.active,
    currentUserId,
    values: {
      name: expert.name,
      email: expert.email ?? "",
      photoUrl: expert.photoUrl ?? "",
      bio: expert.bio ?? "",
      specialties: expert.specialties.join(", "),
      capacity: String(expert.capacity),
      availability: expert.availability,
      staffUserId: expert.staffUserId ?? "",
    },
  });
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, redirect } = await authenticate.admin(request);
  const form = formToObject(await request.formData());
  const intent = form.intent;
  if (params.id !== "new" && (intent === "deactivate" || intent === "reactivate")) {
    const found = await setExpertActive(db, session.shop, params.id!, intent === "reactivate");
    if (!found) throw new Response("Expert not found", { status: 404 });
    return json({ ok: true as const, errors: {} as FieldErrors });
  }
  const result = params.id === "new" ? await createExpert(db, session.shop, form) : await updateExpert(db, session.shop, params.id!, form);
  if (!result.ok) return json({ ok: false as const, errors: result.errors }, { status: 422 });
  if (params.id === "new") return redirect(`/app/experts/${result.expert.id}?created=1`);
  return json({ ok: true as const, errors: {} as FieldErrors });
};

export default function ExpertForm() {
  const { id, active, values: initial, currentUserId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: FieldErrors = result?.errors ?? {};
  const saving = useNavigation().state === "submitting";
  const submit = useSubmit();
  const shopify = useAppBridge();
  const [values, setValues] = useState(initial);
  // Reset only when the saved expert really changed: loaders revalidate after a rejected
  // save too, and that must not wipe what the merchant typed.
  const savedKey = JSON.stringify(initial);
  useEffect(() => setValues(JSON.parse(savedKey)), [savedKey]);
  useEffect(() => {
    if (result?.ok) shopify.toast.show("Expert saved");
  }, [result, shopify]);
  const set = (key: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [key]: value }));

  return (
    <Page
      title={id ? values.name || "Expert" : "Add expert"}
      backAction={{ content: "Experts", url: "/app/experts" }}
      titleMetadata={id && !active ? <Badge>Deactivated</Badge> : undefined}
      secondaryActions={
        id
          ? [
              active
                ? { content: "Deactivate", destructive: true, onAction: () => submit({ intent: "deactivate" }, { method: "post" }) }
                : { content: "Reactivate", onAction: () => submit({ intent: "reactivate" }, { method: "post" }) },
            ]
          : []
      }
    >
      <Form method="post">
        <Layout>
          {errors.form && (
            <Layout.Section>
              <Banner tone="critical">{errors.form}</Banner>
            </Layout.Section>
          )}
          <Layout.Section>
            <Card>
              <FormLayout>
                <TextField label="Name" name="name" autoComplete="off" value={values.name} onChange={set("name")} error={errors.name} helpText="Shoppers see this name in texts and on the storefront." />
                <TextField label="Email" name="email" type="email" autoComplete="off" value={values.email} onChange={set("email")} error={errors.email} helpText="New conversations are announced here." />
                <TextField label="Photo URL" name="photoUrl" autoComplete="off" value={values.photoUrl} onChange={set("photoUrl")} error={errors.photoUrl} placeholder="https://…" />
                <TextField label="Bio" name="bio" multiline={3} autoComplete="off" value={values.bio} onChange={set("bio")} error={errors.bio} maxLength={500} showCharacterCount />
                <TextField label="Specialties" name="specialties" autoComplete="off" value={values.specialties} onChange={set("specialties")} error={errors.specialties} helpText="Comma-separated, for example: skin care, sensitive skin, fragrance" />
              </FormLayout>
            </Card>
          </Layout.Section>
          <Layout.Section variant="oneThird">
            <Card>
              <FormLayout>
                <Select label="Availability" name="availability" options={[{ label: "Online", value: "online" }, { label: "Away", value: "away" }]} value={values.availability} onChange={set("availability")} error={errors.availability} />
                <TextField label="Capacity" name="capacity" type="number" min={1} max={500} autoComplete="off" value={values.capacity} onChange={set("capacity")} error={errors.capacity} helpText="Open conversations at most before new ones go to someone else." />
                <BlockStack gap="200">
                  <TextField label="Linked staff user" name="staffUserId" autoComplete="off" value={values.staffUserId} onChange={set("staffUserId")} error={errors.staffUserId} helpText="The Shopify staff account this expert signs in with." />
                  {currentUserId && (
                    <Button variant="plain" onClick={() => setValues((v) => ({ ...v, staffUserId: currentUserId }))}>
                      Link to me
                    </Button>
                  )}
                </BlockStack>
                <Text as="p" tone="subdued" variant="bodySm">
                  Deactivated experts keep their conversations and sales history but get no new shoppers.
                </Text>
              </FormLayout>
            </Card>
          </Layout.Section>
          <Layout.Section>
            <Button submit variant="primary" loading={saving}>
              {id ? "Save" : "Add expert"}
            </Button>
          </Layout.Section>
        </Layout>
      </Form>
    </Page>
  );
}
