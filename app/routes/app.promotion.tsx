// Promotion: the storefront placements (FAB, banner, landing page) with their copy and previews,
// invite links for email campaigns, 30-day counts, and offers that undercut the expert offer.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Layout, Link, Page, Text } from "@shopify/polaris";
import { authenticate } from "~/shopify.server";
import { db } from "~/db.server";
import { formToObject, type FieldErrors } from "~/lib/validation";
import { getShop } from "~/domain/shops/shops.server";
import { createInviteLink, loadPlacements, PLACEMENT_LABELS, placementStats, savePlacement } from "~/domain/promotion/placements.server";
import { isThemePlacement } from "~/domain/promotion/storefront-settings.server";
import { listOfferConflicts } from "~/domain/offers/conflicts.server";
import { enqueueStorefrontSettings } from "~/jobs/queues.server";
import { PromotionPlacementCard } from "~/components/PromotionPlacementCard";
import { PromotionInviteLinks } from "~/components/PromotionInviteLinks";
import { PromotionStats } from "~/components/PromotionStats";
import { PromotionOffers } from "~/components/PromotionOffers";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = session.shop;
  const now = new Date();
  // Its time zone sets the stats window.
  const shopRow = await getShop(db, shop);
  const [{ placements, inviteLinks }, stats, offers] = await Promise.all([
    loadPlacements(db, shop),
    placementStats(db, shop, shopRow.timezone, now),
    listOfferConflicts(db, shop, now),
  ]);
  return json({
    placements,
    inviteLinks,
    stats,
    offers,
    placementLabels: PLACEMENT_LABELS,
    timeZone: shopRow.timezone,
    themeEditorUrl: `https://${shop}/admin/themes/current/editor?context=apps`,
  });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const { intent, kind, ...input } = formToObject(await request.formData());
  if (intent === "invite") {
    const made = await createInviteLink(db, session.shop, input);
    if (!made.ok) return json({ ok: false as const, errors: made.errors }, { status: 422 });
    return json({ ok: true as const, errors: {} as FieldErrors, link: made.link });
  }
  if (intent === "placement") {
    const saved = await savePlacement(db, session.shop, kind, input);
    if (!saved.ok) return json({ ok: false as const, errors: saved.errors }, { status: 422 });
    // The theme blocks read on/off and copy from an app-data metafield, which a job writes.
    if (isThemePlacement(saved.kind)) await enqueueStorefrontSettings(session.shop);
    return json({ ok: true as const, errors: {} as FieldErrors });
  }
  return json({ ok: false as const, errors: { form: "Unknown action" } as FieldErrors }, { status: 400 });
};

const DESCRIPTIONS: Record<string, string> = {
  fab: "A floating “Ask an expert” button on every page you enable in the theme editor.",
  banner: "A section you place on the home, product or collection page.",
  landing: "A page of its own at /apps/concierge, for links in emails and ads.",
};

export default function Promotion() {
  const { placements, inviteLinks, stats, offers, placementLabels, timeZone, themeEditorUrl } = useLoaderData<typeof loader>();

  return (
    <Page title="Promotion" subtitle="Where shoppers find your experts, and what brings them in.">
      <Layout>
        <Layout.Section>
          <PromotionOffers offers={offers.conciergeOffers} conflicts={offers.conflicts} timeZone={timeZone} />
        </Layout.Section>
        <Layout.Section>
          <BlockStack gap="400">
            <BlockStack gap="100">
              <Text as="h2" variant="headingLg">Placements</Text>
              <Text as="p" tone="subdued">
                Leave a text empty to use the one set in the theme editor, or else the default in the shopper's language. Changes reach your storefront shortly after you save. Previews are approximate; position, colors and the pages they show on are set in the{" "}
                <Link url={themeEditorUrl} target="_top">
                  theme editor
                </Link>
                .
              </Text>
            </BlockStack>
            {placements.map((p) => (
              <PromotionPlacementCard
                key={p.kind}
                placement={p}
                description={DESCRIPTIONS[p.kind] ?? ""}
              />
            ))}
          </BlockStack>
        </Layout.Section>
        <Layout.Section>
          <PromotionInviteLinks links={inviteLinks} timeZone={timeZone} />
        </Layout.Section>
        <Layout.Section>
          <PromotionStats {...stats} placementLabels={placementLabels} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}
