// Seeds the app's database for the demo shop, through the app's own domain code where it has
// one: settings and consent wording, experts with their own numbers (bought from the Twilio
// stand-in as Settings would), a 4-question survey, the offers, templates, a few live
// conversations, and the store's past orders.
import type { Db } from "~/db.server";
import type { ShopStore } from "./shopify/state";
import { EXPERT_CODE, HOLIDAY_DISCOUNT_TITLE } from "./shopify/catalog";
import type { SandboxConfig } from "./config";

type Twilio = import("twilio").Twilio;

const EXPERTS = [
  { name: "Ava Brooks", initials: "AB", color: "#7c5cbf", bio: "Licensed esthetician; ten years with sensitive and reactive skin.", specialties: ["sensitive skin", "serums", "SPF"], isDefault: true },
  { name: "Marcus Lee", initials: "ML", color: "#2f7d6d", bio: "Former salon colorist who loves fixing damaged hair.", specialties: ["damaged hair", "curls", "scalp care"], isDefault: false },
  { name: "Priya Shah", initials: "PS", color: "#c0622f", bio: "Body care and fragrance nerd; ask her about sleep rituals.", specialties: ["body care", "fragrance", "gifts"], isDefault: false },
];

export function avatarSvg(initials: string, color: string) {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96"><circle cx="48" cy="48" r="48" fill="${color}"/><text x="48" y="58" font-family="system-ui,sans-serif" font-size="34" font-weight="600" fill="#fff" text-anchor="middle">${initials}</text></svg>`;
}
export const EXPERT_AVATARS = Object.fromEntries(EXPERTS.map((e) => [e.initials.toLowerCase(), avatarSvg(e.initials, e.color)]));

export async function seedApp(db: Db, config: SandboxConfig, store: ShopStore, twilio: Twilio, accessToken: string) {
  const { shop } = config;
  const { saveSettings } = await import("~/domain/settings/settings.server");
  const { currentConsentWording } = await import("~/domain/settings/consent.server");
  const { upsertOrder } = await import("~/domain/orders/orders.server");

  await db.session.create({
    data: { id: `offline_${shop}`, shop, state: "", isOnline: false, scope: config.scopes, accessToken },
  });
  await db.shop.create({ data: { shop, name: store.info.name, email: store.info.email, scopes: config.scopes } });
  const wording = await currentConsentWording(db, shop);
  const settings = await saveSettings(db, shop, {
    programEnabled: "on",
    timezone: "America/New_York",
    quietHoursStart: "08:00",
    quietHoursEnd: "21:00",
    consentText: wording.text,
    baselineConversionPercent: "2.1",
    helpText: `${store.info.name} experts: reply with any question, or email hello@lumenandleaf.example. Reply STOP to cancel.`,
  });
  if (!settings.ok) throw new Error(`sandbox settings invalid: ${JSON.stringify(settings.errors)}`);

  // Experts, each with a number bought through the Twilio API, pointing inbound SMS at the app.
  const experts = [];
  const available = await twilio.availablePhoneNumbers("US").local.list({ smsEnabled: true, limit: EXPERTS.length });
  for (const [i, e] of EXPERTS.entries()) {
    const expert = await db.expert.create({
      data: {
        shop,
        name: e.name,
        email: `${e.name.split(" ")[0]!.toLowerCase()}@lumenandleaf.example`,
        photoUrl: `${config.urls.ui}/avatars/${e.initials.toLowerCase()}.svg`,
        bio: e.bio,
        specialties: JSON.stringify(e.specialties),
        capacity: 25,
        availability: i === 2 ? "away" : "online",
        isDefault: e.isDefault,
        staffUserId: i === 0 ? "1" : null, // the sandbox admin user is Ava
      },
    });
    const number = await twilio.incomingPhoneNumbers.create({
      phoneNumber: available[i]!.phoneNumber,
      smsUrl: `${config.urls.app}/twilio/inbound`,
      smsMethod: "POST",
      friendlyName: `${e.name} (Concierge)`,
    });
    await db.senderNumber.create({ data: { shop, phoneNumber: number.phoneNumber, twilioSid: number.sid, kind: "long_code", mps: 1, expertId: expert.id } });
    experts.push(expert);
  }

  // The survey: four questions, then the phone-and-consent step.
  const consent = await currentConsentWording(db, shop);
  await db.survey.create({
    data: {
      shop,
      key: "fit-finder",
      version: 1,
      title: "Find your routine",
      intro: "Four quick questions, then one of our experts texts you personal picks.",
      status: "published",
      publishedAt: new Date(),
      questions: {
        create: [
          { shop, position: 0, type: "single_choice", prompt: "What can we help with today?", helpText: "Pick the closest.", options: JSON.stringify(opts(["Skin care", "Hair care", "Body & bath", "A gift"])) },
          { shop, position: 1, type: "multi_choice", prompt: "Which of these are you working on?", helpText: "Choose all that apply.", options: JSON.stringify(opts(["Dryness", "Breakouts", "Dullness", "Frizz", "Damage", "Sleep & relaxation"])) },
          { shop, position: 2, type: "true_false", prompt: "Is your skin sensitive or easily irritated?", options: JSON.stringify(opts(["Yes", "No"])) },
          { shop, position: 3, type: "short_text", prompt: "Anything else your expert should know?", required: false, helpText: "Products you love, things to avoid, your budget…" },
          { shop, position: 4, type: "phone_consent", prompt: "Where should your expert text you?", helpText: consent.text },
        ],
      },
    },
  });

  // Offers: the concierge incentive, and a sitewide sale that undercuts it.
  const expertDiscount = store.discountByCode(EXPERT_CODE);
  const holiday = [...store.discounts.values()].find((d) => d.title === HOLIDAY_DISCOUNT_TITLE);
  if (expertDiscount) {
    await db.offer.create({
      data: {
        shop,
        title: "Expert pick: 15% off",
        isConcierge: true,
        source: "concierge",
        shopifyDiscountId: `gid://shopify/DiscountCodeNode/${expertDiscount.id}`,
        code: EXPERT_CODE,
        valueType: "percentage",
        value: 15,
        scope: "collections",
        scopeIds: JSON.stringify("collectionIds" in expertDiscount.items ? expertDiscount.items.collectionIds.map((id) => `gid://shopify/Collection/${id}`) : []),
        priority: 100,
      },
    });
  }
  if (holiday) {
    await db.offer.create({
      data: {
        shop,
        title: holiday.title,
        source: "shopify",
        shopifyDiscountId: `gid://shopify/DiscountAutomaticNode/${holiday.id}`,
        valueType: "percentage",
        value: "percentage" in holiday.value ? holiday.value.percentage * (holiday.value.percentage <= 1 ? 100 : 1) : 0,
        scope: "all",
        startsAt: new Date(holiday.startsAt),
        endsAt: holiday.endsAt ? new Date(holiday.endsAt) : null,
      },
    });
  }

  const serum = store.productByHandle("dewdrop-hydrating-serum");
  await db.template.createMany({
    data: [
      { shop, name: "Warm intro", body: "Hi {{shopper.first_name}}! I'm {{expert.first_name}}, one of the experts at {{shop.name}}. Thanks for sharing a bit about yourself. Mind if I ask a couple of questions?" },
      { shop, name: "Check in", body: "Hi {{shopper.first_name}}, {{expert.first_name}} here. How are you getting on with your new routine?" },
      ...(serum
        ? [{ shop, name: "Serum pick", productId: `gid://shopify/Product/${serum.id}`, productTitle: serum.title, body: "For you I'd start with {{product.title}}: light, layers well, and great for dehydrated skin. {{product.url}}" }]
        : []),
    ],
  });

  // A few conversations so the inbox is not empty, with survey-style briefs.
  const demo = [
    { first: "Maria", last: "Alvarez", phone: "+13055550142", expert: experts[0]!, inbound: "Hi! My skin gets really tight after washing, what should I use?", brief: { "What can we help with today?": "Skin care", "Which of these are you working on?": ["Dryness", "Dullness"], "Is your skin sensitive or easily irritated?": true } },
    { first: "James", last: "Carter", phone: "+15125550117", expert: experts[1]!, inbound: "Bleached my hair last month and it feels like straw 😩", brief: { "What can we help with today?": "Hair care", "Which of these are you working on?": ["Damage", "Frizz"] } },
    { first: "Emily", last: "Nguyen", phone: "+12065550129", expert: null, inbound: "Looking for a gift for my sister, around $60?", brief: { "What can we help with today?": "A gift" } },
  ];
  const now = Date.now();
  for (const [i, d] of demo.entries()) {
    const shopper = await db.shopper.create({ data: { shop, phone: d.phone, firstName: d.first, lastName: d.last, expertId: d.expert?.id ?? null, lastInboundAt: new Date(now - (i + 1) * 1800_000) } });
    await db.consentRecord.create({ data: { shop, shopperId: shopper.id, wordingVersion: consent.version, wordingHash: consent.hash, ip: "203.0.113.10", page: "/apps/concierge/survey", channel: "sms" } });
    const conversation = await db.conversation.create({
      data: { shop, shopperId: shopper.id, expertId: d.expert?.id ?? null, brief: JSON.stringify(d.brief), status: "awaiting_expert", lastInboundAt: new Date(now - (i + 1) * 1800_000), lastActivityAt: new Date(now - (i + 1) * 1800_000) },
    });
    await db.message.create({
      data: { shop, shopperId: shopper.id, conversationId: conversation.id, direction: "inbound", author: "shopper", kind: "inbound", body: d.inbound, businessKey: `seed:${i}`, status: "received", fromNumber: d.phone, createdAt: new Date(now - (i + 1) * 1800_000) },
    });
  }

  for (const order of store.orders.values()) {
    const customer = order.customerId ? store.customers.get(order.customerId) : undefined;
    await upsertOrder(db, shop, {
      id: order.id,
      name: order.name,
      email: order.email,
      phone: order.phone,
      customer: customer ? { id: customer.id, phone: customer.phone, email: customer.email } : null,
      total_price: order.total,
      currency: order.currencyCode,
      financial_status: order.financialStatus.toLowerCase(),
      discount_codes: order.discountCodes.map((code) => ({ code })),
      processed_at: order.processedAt,
    });
  }
  return { experts };
}

function opts(labels: string[]) {
  return labels.map((label) => ({ value: label.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, ""), label }));
}
