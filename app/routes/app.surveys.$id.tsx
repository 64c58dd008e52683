// Create or edit a survey version (/app/surveys/new, /app/surveys/:id), publish it, or discard
// a draft. The whole survey is posted as one JSON field; saving a live version creates the
// next draft version and redirects to it.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { useEffect, useMemo, useRef, useState } from "react";
import { Badge, Banner, BlockStack, Box, Button, Card, FormLayout, InlineStack, Layout, Link, Page, Text, TextField } from "@shopify/polaris";
import { useAppBridge } from "@shopify/app-bridge-react";
import { authenticate } from "~/shopify.server";
import { db } from "~/db.server";
import { formToObject, type FieldErrors } from "~/lib/validation";
import { getShop } from "~/domain/shops/shops.server";
import { currentConsentWording } from "~/domain/settings/consent.server";
import {
  DEFAULT_PHONE_PROMPT,
  discardDraft,
  getSurveyForEdit,
  publishSurvey,
  saveSurvey,
  SURVEY_LIMITS,
  type SurveyFailure,
} from "~/domain/surveys/builder.server";
import { blankQuestion, errorsForQuestion, moveItem, toDocument, type EditorState } from "~/components/SurveyEditorModel";
import { moveButtonId, SurveyQuestionCard } from "~/components/SurveyQuestionCard";
import { SurveyPreview } from "~/components/SurveyPreview";
import { SurveyStatusBadge } from "~/components/SurveyStatusBadge";

type SurveyEditDocument = NonNullable<Awaited<ReturnType<typeof getSurveyForEdit>>>["document"];

const FAILURE_STATUS: Record<SurveyFailure["reason"], number> = { invalid: 422, not_found: 404, conflict: 409 };

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = session.shop;
  const [shopRow, consent] = await Promise.all([getShop(db, shop), currentConsentWording(db, shop)]);
  const shared = {
    consent: { text: consent.text, version: consent.version },
    shopName: shopRow.name ?? shop.replace(/\.myshopify\.com$/, ""),
    limits: SURVEY_LIMITS,
  };
  if (params.id === "new") {
    return json({
      survey: null,
      document: { title: "", intro: "", phonePrompt: DEFAULT_PHONE_PROMPT, questions: [] } satisfies SurveyEditDocument as SurveyEditDocument,
      ...shared,
    });
  }
  const found = await getSurveyForEdit(db, shop, params.id!);
  if (!found) throw new Response("Survey not found", { status: 404 });
  const { document, ...survey } = found;
  return json({ survey, document, ...shared });
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, redirect } = await authenticate.admin(request);
  const form = formToObject(await request.formData());
  const id = params.id === "new" ? null : params.id!;
  if (form.intent === "publish" || form.intent === "discard") {
    if (!id) throw new Response("Survey not found", { status: 404 });
    if (form.intent === "discard") {
      if (!(await discardDraft(db, session.shop, id)))
        return json({ ok: false as const, errors: { form: "Only a draft that no shopper has answered can be discarded." } as FieldErrors }, { status: 409 });
      return redirect("/app/surveys");
    }
    const published = await publishSurvey(db, session.shop, id);
    if (!published.ok) return json({ ok: false as const, errors: published.errors }, { status: FAILURE_STATUS[published.reason] });
    return json({ ok: true as const, errors: {} as FieldErrors, message: `Version ${published.survey.version} is live` });
  }
  const saved = await saveSurvey(db, session.shop, id, form.survey);
  if (!saved.ok) return json({ ok: false as const, errors: saved.errors }, { status: FAILURE_STATUS[saved.reason] });
  if (!id) return redirect(`/app/surveys/${saved.survey.id}`);
  if (saved.forked) return redirect(`/app/surveys/${saved.survey.id}?forked=1`);
  return json({ ok: true as const, errors: {} as FieldErrors, message: "Survey saved" });
};

type LoaderDocument = ReturnType<typeof useLoaderData<typeof loader>>["document"];

function toEditorState(doc: LoaderDocument): EditorState {
  const questions = doc.questions.map((q) => ({ key: q.id, type: q.type, prompt: q.prompt, helpText: q.helpText, required: q.required, options: q.options }));
  return { title: doc.title, intro: doc.intro, phonePrompt: doc.phonePrompt, questions: questions.length ? questions : [blankQuestion()] };
}

export default function SurveyEditor() {
  const { survey, document, consent, shopName, limits } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const shopify = useAppBridge();
  const intent = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;

  // Revalidation after a rejected save returns an equal document in a new object; only a real
  // change (a save, another version) may replace the merchant's unsaved edits.
  const loaded = JSON.stringify(document);
  const initial = useMemo(() => toEditorState(document), [loaded]);
  const [state, setState] = useState(initial);
  useEffect(() => setState(initial), [initial]);
  const dirty = JSON.stringify(toDocument(state)) !== JSON.stringify(toDocument(initial)) || !survey;

  // Errors name questions by position; remember the order they were submitted in.
  const submittedKeys = useRef<string[]>([]);
  const errors: FieldErrors = result && !result.ok ? result.errors : {};
  useEffect(() => {
    if (result?.ok) shopify.toast.show(result.message);
  }, [result, shopify]);

  const [announcement, setAnnouncement] = useState("");
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const [focusAfterMove, setFocusAfterMove] = useState<{ key: string; direction: "up" | "down" } | null>(null);
  useEffect(() => {
    if (!focusAfterMove) return;
    // Keep focus on the moved question's button; at the top or bottom that button is disabled, so use the other one.
    const wanted = window.document.getElementById(moveButtonId(focusAfterMove.key, focusAfterMove.direction));
    const other = window.document.getElementById(moveButtonId(focusAfterMove.key, focusAfterMove.direction === "up" ? "down" : "up"));
    // Polaris marks disabled buttons with aria-disabled rather than the disabled attribute.
    (wanted && wanted.getAttribute("aria-disabled") !== "true" ? wanted : other)?.focus();
    setFocusAfterMove(null);
  }, [focusAfterMove]);

  const move = (index: number, direction: -1 | 1) => {
    const key = state.questions[index]!.key;
    const questions = moveItem(state.questions, index, direction);
    setState((s) => ({ ...s, questions }));
    setAnnouncement(`Question moved to position ${questions.findIndex((q) => q.key === key) + 1} of ${questions.length}`);
    setFocusAfterMove({ key, direction: direction === -1 ? "up" : "down" });
  };

  const save = () => {
    submittedKeys.current = state.questions.map((q) => q.key);
    submit({ intent: "save", survey: JSON.stringify(toDocument(state)) }, { method: "post" });
  };

  const isLiveOrArchived = survey && survey.status !== "draft";
  const blockedByDraft = isLiveOrArchived && survey.otherDraft;
  const nextVersion = survey ? Math.max(...survey.versions.map((v) => v.version)) + 1 : 1;
  const liveVersion = survey?.versions.find((v) => v.status === "published" && v.id !== survey.id);
  const generalErrors = Object.entries(errors).filter(([k]) => !k.startsWith("questions.") && !["title", "intro", "phonePrompt"].includes(k));

  return (
    <Page
      title={survey ? state.title || "Survey" : "Create survey"}
      backAction={{ content: "Surveys", url: "/app/surveys" }}
      titleMetadata={
        survey ? (
          <InlineStack gap="100">
            <SurveyStatusBadge status={survey.status} />
            <Badge>{`v${survey.version}`}</Badge>
          </InlineStack>
        ) : undefined
      }
      primaryAction={
        survey && survey.status !== "published"
          ? {
              content: survey.status === "archived" ? "Publish again" : "Publish",
              disabled: dirty,
              helpText: dirty ? "Save your changes before publishing." : undefined,
              loading: intent === "publish",
              onAction: () => submit({ intent: "publish" }, { method: "post" }),
            }
          : undefined
      }
      secondaryActions={
        survey?.status === "draft" && survey.responseCount === 0
          ? [{ content: "Discard draft", destructive: true, onAction: () => setConfirmDiscard(true) }]
          : []
      }
    >
      <Layout>
        {confirmDiscard && survey && (
          <Layout.Section>
            <Banner tone="critical" title={`Discard draft version ${survey.version}?`} onDismiss={() => setConfirmDiscard(false)}>
              <BlockStack gap="200">
                <p>Its questions are deleted. Other versions of this survey are kept.</p>
                <InlineStack gap="200">
                  <Button variant="primary" tone="critical" loading={intent === "discard"} onClick={() => submit({ intent: "discard" }, { method: "post" })}>
                    Discard draft
                  </Button>
                  <Button onClick={() => setConfirmDiscard(false)}>Cancel</Button>
                </InlineStack>
              </BlockStack>
            </Banner>
          </Layout.Section>
        )}
        {generalErrors.length > 0 && (
          <Layout.Section>
            <Banner tone="critical" title="The survey wasn't saved">
              {generalErrors.map(([k, message]) => (
                <p key={k}>{message}</p>
              ))}
            </Banner>
          </Layout.Section>
        )}
        {Object.keys(errors).length > generalErrors.length && (
          <Layout.Section>
            <Banner tone="critical" title="Some fields need attention">
              <p>Fix the fields marked below, then save again. Nothing was saved.</p>
            </Banner>
          </Layout.Section>
        )}
        {survey?.status === "published" && (
          <Layout.Section>
            <Banner tone={blockedByDraft ? "warning" : "info"} title={`Version ${survey.version} is live`}>
              {blockedByDraft ? (
                <p>
                  {`Version ${survey.otherDraft!.version} is already a draft of this survey. `}
                  <Link url={`/app/surveys/${survey.otherDraft!.id}`}>{`Edit version ${survey.otherDraft!.version}`}</Link>
                </p>
              ) : (
                <p>{`Saving changes creates draft version ${nextVersion}. Shoppers keep seeing version ${survey.version}, and its ${survey.responseCount} responses stay with it, until you publish the draft.`}</p>
              )}
            </Banner>
          </Layout.Section>
        )}
        {survey?.status === "archived" && (
          <Layout.Section>
            <Banner tone="warning" title={`Version ${survey.version} is archived`}>
              {blockedByDraft ? (
                <p>
                  {`Publish it again to make it live, or continue in draft version ${survey.otherDraft!.version}. `}
                  <Link url={`/app/surveys/${survey.otherDraft!.id}`}>{`Edit version ${survey.otherDraft!.version}`}</Link>
                </p>
              ) : (
                <p>{`Publish it again to make it live, or save changes to start draft version ${nextVersion}.`}</p>
              )}
            </Banner>
          </Layout.Section>
        )}
        {survey?.status === "draft" && liveVersion && (
          <Layout.Section>
            <Banner tone="info">
              <p>{`Version ${liveVersion.version} is live. Publishing this draft replaces it; responses to version ${liveVersion.version} keep pointing at version ${liveVersion.version}.`}</p>
            </Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <FormLayout>
                <TextField label="Title" autoComplete="off" value={state.title} onChange={(title) => setState((s) => ({ ...s, title }))} maxLength={limits.title} showCharacterCount error={errors.title} />
                <TextField label="Intro" autoComplete="off" multiline={2} value={state.intro} onChange={(intro) => setState((s) => ({ ...s, intro }))} maxLength={limits.intro} showCharacterCount error={errors.intro} helpText="Shown above the first question. Optional." />
              </FormLayout>
            </Card>
            {errors.questions && <Banner tone="critical">{errors.questions}</Banner>}
            {state.questions.map((q, index) => (
              <SurveyQuestionCard
                key={q.key}
                question={q}
                index={index}
                count={state.questions.length}
                limits={limits}
                errors={errorsForQuestion(errors, submittedKeys.current, q.key)}
                onChange={(next) => setState((s) => ({ ...s, questions: s.questions.map((x) => (x.key === q.key ? next : x)) }))}
                onMove={(direction) => move(index, direction)}
                onRemove={() => {
                  setState((s) => ({ ...s, questions: s.questions.filter((x) => x.key !== q.key) }));
                  setAnnouncement(`Question ${index + 1} removed`);
                }}
              />
            ))}
            <InlineStack gap="200" blockAlign="center">
              <Button disabled={state.questions.length >= limits.questions} onClick={() => setState((s) => ({ ...s, questions: [...s.questions, blankQuestion()] }))}>
                Add question
              </Button>
              <Text as="span" tone="subdued" variant="bodySm">{`${state.questions.length} of ${limits.questions} questions, plus the phone step`}</Text>
            </InlineStack>
            <Card>
              <BlockStack gap="300">
                <InlineStack gap="200" blockAlign="center">
                  <Text as="h3" variant="headingSm">{`Last step: phone number and consent`}</Text>
                  <Badge>Always included</Badge>
                </InlineStack>
                <TextField label="Heading" autoComplete="off" value={state.phonePrompt} onChange={(phonePrompt) => setState((s) => ({ ...s, phonePrompt }))} maxLength={limits.prompt} error={errors.phonePrompt} />
                <BlockStack gap="100">
                  <InlineStack gap="200" blockAlign="center">
                    <Text as="span" variant="bodyMd">Consent wording</Text>
                    <Badge tone="info">{`Version ${consent.version}`}</Badge>
                  </InlineStack>
                  <Box padding="300" background="bg-surface-secondary" borderRadius="200">
                    <Text as="p" variant="bodySm">{consent.text}</Text>
                  </Box>
                  <Text as="p" tone="subdued" variant="bodySm">
                    Shown next to an unchecked box. Shoppers see the current version, and each consent record keeps the version agreed to.{" "}
                    <Link url="/app/settings">Change it in Settings</Link>
                  </Text>
                </BlockStack>
              </BlockStack>
            </Card>
            <InlineStack align="end">
              <Button variant="primary" onClick={save} loading={intent === "save"} disabled={Boolean(blockedByDraft) || !dirty}>
                {isLiveOrArchived ? `Save as draft version ${nextVersion}` : "Save"}
              </Button>
            </InlineStack>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          {/* Sticky, so the preview stays in view while editing a long survey. */}
          <div style={{ position: "sticky", top: 16 }}>
            <Card>
              <SurveyPreview state={state} consentText={consent.text} shopName={shopName} />
            </Card>
          </div>
          {survey && survey.versions.length > 1 && (
            <Box paddingBlockStart="400">
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">Versions</Text>
                  {survey.versions.map((v) => (
                    <InlineStack key={v.id} gap="200" blockAlign="center">
                      {v.id === survey.id ? <Text as="span" fontWeight="semibold">{`v${v.version} (this one)`}</Text> : <Link url={`/app/surveys/${v.id}`}>{`v${v.version}`}</Link>}
                      <SurveyStatusBadge status={v.status} />
                    </InlineStack>
                  ))}
                </BlockStack>
              </Card>
            </Box>
          )}
        </Layout.Section>
      </Layout>
      <Text as="span" visuallyHidden>
        <span aria-live="polite">{announcement}</span>
      </Text>
    </Page>
  );
}
