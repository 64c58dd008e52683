// The demo store "Lumen & Leaf": skin, hair and body care. Everything is derived from a
// seed, so the same seed and `now` give the same store.
import { isoSeconds, type AdminState, type Product, type ShopStore, type SmsMarketingState } from "./state";

export const DEMO_SHOP_NAME = "Lumen & Leaf";
export const EXPERT_CODE = "EXPERT15";
export const HOLIDAY_DISCOUNT_TITLE = "Holiday 40";

interface ProductSeed {
  title: string;
  type: string;
  collections: string[];
  tags: string[];
  description: string;
  option?: string;
  /** [title, price, stock]; stock 0 = sold out. */
  variants: [string, number, number][];
  compareAt?: number;
}

const SKIN = "skin-care";
const HAIR = "hair-care";
const BODY = "body-and-bath";
const BEST = "best-sellers";

const PRODUCTS: ProductSeed[] = [
  { title: "Dewdrop Hydrating Serum", type: "Serum", collections: [SKIN, BEST], tags: ["hydrating", "hyaluronic acid", "dry skin"], description: "A weightless hyaluronic serum that plumps and quenches thirsty skin.", option: "Size", variants: [["30 ml", 38, 42], ["50 ml", 54, 18]] },
  { title: "Lumen Vitamin C Brightening Serum", type: "Serum", collections: [SKIN, BEST], tags: ["brightening", "vitamin c", "dull skin"], description: "15% stabilised vitamin C for a brighter, more even tone.", variants: [["Default Title", 46, 0]] },
  { title: "Cloud Cream Daily Moisturizer", type: "Moisturizer", collections: [SKIN, BEST], tags: ["moisturizer", "all skin types"], description: "A whipped everyday moisturizer with squalane and ceramides.", option: "Size", variants: [["50 ml", 34, 55], ["100 ml", 52, 21]] },
  { title: "Midnight Repair Night Cream", type: "Moisturizer", collections: [SKIN], tags: ["night", "retinol-free", "anti-aging"], description: "A rich overnight cream with peptides and evening primrose.", variants: [["Default Title", 48, 27]] },
  { title: "Gentle Oat Cleansing Milk", type: "Cleanser", collections: [SKIN], tags: ["cleanser", "sensitive skin"], description: "A soothing milky cleanser with colloidal oat.", option: "Size", variants: [["150 ml", 22, 64], ["300 ml", 36, 12]] },
  { title: "Green Tea Foaming Cleanser", type: "Cleanser", collections: [SKIN], tags: ["cleanser", "oily skin"], description: "A fresh gel-to-foam cleanser that clears without stripping.", variants: [["Default Title", 20, 80]] },
  { title: "Rosewater Balancing Toner", type: "Toner", collections: [SKIN], tags: ["toner", "rose"], description: "Alcohol-free toner of Bulgarian rosewater and niacinamide.", variants: [["Default Title", 24, 39]] },
  { title: "Mineral Shield SPF 30", type: "Sunscreen", collections: [SKIN, BEST], tags: ["spf", "mineral", "daily"], description: "A sheer zinc sunscreen that leaves no white cast.", variants: [["Default Title", 29, 46]], compareAt: 34 },
  { title: "Bakuchiol Renewal Oil", type: "Face Oil", collections: [SKIN], tags: ["face oil", "bakuchiol", "anti-aging"], description: "A plant-based retinol alternative in a silky facial oil.", variants: [["Default Title", 42, 0]] },
  { title: "Soft Focus Eye Cream", type: "Eye Care", collections: [SKIN], tags: ["eye", "caffeine"], description: "Caffeine and peptides to de-puff and smooth the eye area.", variants: [["Default Title", 36, 22]] },
  { title: "Kaolin Clay Detox Mask", type: "Mask", collections: [SKIN], tags: ["mask", "clay", "oily skin"], description: "A ten-minute kaolin mask that lifts oil and refines pores.", variants: [["Default Title", 28, 31]] },
  { title: "Silk Repair Shampoo", type: "Shampoo", collections: [HAIR, BEST], tags: ["shampoo", "damaged hair", "sulfate-free"], description: "A sulfate-free shampoo with silk amino acids.", option: "Size", variants: [["250 ml", 24, 70], ["500 ml", 38, 33], ["1 L refill", 58, 9]] },
  { title: "Silk Repair Conditioner", type: "Conditioner", collections: [HAIR], tags: ["conditioner", "damaged hair"], description: "Detangles and smooths with silk protein and shea.", option: "Size", variants: [["250 ml", 24, 58], ["500 ml", 38, 26]] },
  { title: "Scalp Renewal Scrub", type: "Scalp Care", collections: [HAIR], tags: ["scalp", "exfoliating"], description: "Sea salt and peppermint to reset a flaky, oily scalp.", variants: [["Default Title", 30, 19]] },
  { title: "Argan Shine Hair Oil", type: "Hair Oil", collections: [HAIR, BEST], tags: ["hair oil", "frizz", "argan"], description: "Cold-pressed argan oil for shine and frizz control.", variants: [["Default Title", 32, 44]] },
  { title: "Curl Cream Leave-In", type: "Styling", collections: [HAIR], tags: ["curls", "leave-in"], description: "Defines curls and coils without crunch.", option: "Size", variants: [["150 ml", 26, 0], ["300 ml", 40, 14]] },
  { title: "Overnight Bond Mask", type: "Hair Mask", collections: [HAIR], tags: ["hair mask", "bond repair"], description: "A leave-on overnight treatment that rebuilds broken bonds.", variants: [["Default Title", 40, 17]] },
  { title: "Dry Shampoo Mist", type: "Dry Shampoo", collections: [HAIR], tags: ["dry shampoo", "volume"], description: "A rice-starch mist that refreshes roots between washes.", variants: [["Default Title", 22, 52]] },
  { title: "Cedar & Citrus Body Wash", type: "Body Wash", collections: [BODY], tags: ["body wash", "citrus"], description: "A bright, woody body wash with bergamot and cedarwood.", option: "Size", variants: [["300 ml", 18, 90], ["600 ml", 30, 40]] },
  { title: "Whipped Shea Body Butter", type: "Body Butter", collections: [BODY, BEST], tags: ["body butter", "dry skin"], description: "Whipped shea and cocoa butter for very dry skin.", option: "Scent", variants: [["Unscented", 32, 25], ["Lavender", 32, 20], ["Neroli", 32, 0]] },
  { title: "Sea Salt Body Scrub", type: "Body Scrub", collections: [BODY], tags: ["scrub", "exfoliating"], description: "Mediterranean sea salt in a nourishing oil base.", variants: [["Default Title", 28, 36]] },
  { title: "Lavender Sleep Body Oil", type: "Body Oil", collections: [BODY], tags: ["body oil", "lavender", "sleep"], description: "A calming lavender and chamomile oil for evening rituals.", variants: [["Default Title", 34, 0]] },
  { title: "Hand Repair Balm", type: "Hand Care", collections: [BODY], tags: ["hands", "balm"], description: "A non-greasy balm for cracked, overworked hands.", variants: [["Default Title", 16, 120]] },
  { title: "Botanical Bar Soap", type: "Soap", collections: [BODY], tags: ["soap", "vegan"], description: "Cold-process soap bars made in small batches.", option: "Scent", variants: [["Oat & Honey", 9, 140], ["Rosemary Mint", 9, 95], ["Charcoal", 9, 60]] },
  { title: "Lip Nectar Balm", type: "Lip Care", collections: [BODY], tags: ["lips", "balm"], description: "A honeyed lip balm that melts in.", variants: [["Default Title", 12, 150]] },
  { title: "Restore Bath Soak", type: "Bath Soak", collections: [BODY], tags: ["bath", "magnesium"], description: "Magnesium flakes and eucalyptus for tired muscles.", variants: [["Default Title", 26, 28]] },
  { title: "Discovery Set", type: "Gift Set", collections: [BEST], tags: ["gift", "travel size"], description: "Five travel-size favourites to try the range.", variants: [["Default Title", 45, 35]] },
];

const COLLECTIONS = [
  { handle: SKIN, title: "Skin Care", description: "Serums, moisturizers and cleansers for every skin type." },
  { handle: HAIR, title: "Hair Care", description: "Repairing care for hair and scalp." },
  { handle: BODY, title: "Body & Bath", description: "Washes, butters, oils and soaps." },
  { handle: BEST, title: "Best Sellers", description: "What our customers come back for." },
];

// Fictional 555-01xx numbers with real area codes, so each maps to a US state.
const CUSTOMERS: [first: string, last: string, phone: string | null, city: string, province: string, code: string, zip: string, sms: SmsMarketingState][] = [
  ["Maria", "Alvarez", "+13055550142", "Miami", "Florida", "FL", "33131", "SUBSCRIBED"],
  ["James", "Carter", "+15125550117", "Austin", "Texas", "TX", "78701", "SUBSCRIBED"],
  ["Priya", "Patel", "+14085550163", "San Jose", "California", "CA", "95113", "NOT_SUBSCRIBED"],
  ["Emily", "Nguyen", "+12065550129", "Seattle", "Washington", "WA", "98101", "SUBSCRIBED"],
  ["Michael", "Brooks", "+13125550178", "Chicago", "Illinois", "IL", "60601", "UNSUBSCRIBED"],
  ["Sophia", "Rossi", "+17185550136", "Brooklyn", "New York", "NY", "11201", "SUBSCRIBED"],
  ["Daniel", "Kim", "+14045550151", "Atlanta", "Georgia", "GA", "30303", "NOT_SUBSCRIBED"],
  ["Olivia", "Johnson", "+17205550104", "Denver", "Colorado", "CO", "80202", "SUBSCRIBED"],
  ["Ethan", "Williams", "+16175550189", "Boston", "Massachusetts", "MA", "02108", "NOT_SUBSCRIBED"],
  ["Ava", "Thompson", "+15035550122", "Portland", "Oregon", "OR", "97204", "SUBSCRIBED"],
  ["Noah", "Garcia", "+16025550197", "Phoenix", "Arizona", "AZ", "85004", "PENDING"],
  ["Isabella", "Martinez", "+14075550110", "Orlando", "Florida", "FL", "32801", "SUBSCRIBED"],
  ["Liam", "O'Connor", "+12155550146", "Philadelphia", "Pennsylvania", "PA", "19107", "NOT_SUBSCRIBED"],
  ["Mia", "Robinson", "+17045550173", "Charlotte", "North Carolina", "NC", "28202", "SUBSCRIBED"],
  ["Lucas", "Silva", "+16155550158", "Nashville", "Tennessee", "TN", "37203", "UNSUBSCRIBED"],
  ["Chloe", "Bennett", "+16125550131", "Minneapolis", "Minnesota", "MN", "55401", "SUBSCRIBED"],
  ["Grace", "Lee", "+18085550120", "Honolulu", "Hawaii", "HI", "96813", "NOT_SUBSCRIBED"],
  ["Henry", "Walker", "+18015550185", "Salt Lake City", "Utah", "UT", "84111", "SUBSCRIBED"],
  ["Zoe", "Campbell", "+16145550167", "Columbus", "Ohio", "OH", "43215", "NOT_SUBSCRIBED"],
  ["Jack", "Turner", "+15045550199", "New Orleans", "Louisiana", "LA", "70112", "SUBSCRIBED"],
  ["Harper", "Davis", null, "Detroit", "Michigan", "MI", "48226", "NOT_SUBSCRIBED"],
];

const DAY_MS = 86_400_000;

/** mulberry32: a tiny seeded PRNG with good enough spread for demo data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SeedOptions {
  /** The stand-in's own URL; product images are served from `${baseUrl}/images/<handle>.svg`. */
  baseUrl: string;
  seed?: number;
  orderCount?: number;
  now?: Date;
}

export function seedDemoStore(state: AdminState, shopDomain: string, options: SeedOptions): ShopStore {
  const random = seededRandom(options.seed ?? 20251);
  const now = (options.now ?? state.now()).getTime();
  const daysAgo = (days: number) => isoSeconds(now - days * DAY_MS);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const baseUrl = options.baseUrl.replace(/\/$/, "");

  const store = state.addShop(shopDomain, {
    name: DEMO_SHOP_NAME,
    email: "hello@lumenandleaf.example",
    description: "Clean, considered skin, hair and body care.",
    ianaTimezone: "America/New_York",
    timezoneAbbreviation: "EST",
    currencyCode: "USD",
    primaryDomainUrl: "https://lumenandleaf.example",
    shopOwnerName: "Avery Lumen",
    billingAddress: { address1: "88 Greenhouse Row", city: "Asheville", province: "North Carolina", provinceCode: "NC", zip: "28801", country: "United States", countryCode: "US", phone: "+18285550100" },
    createdAt: daysAgo(400),
    updatedAt: daysAgo(2),
  });

  const byHandle = new Map<string, Product>();
  const collectionProducts = new Map<string, number[]>(COLLECTIONS.map((c) => [c.handle, []]));
  PRODUCTS.forEach((seed, index) => {
    const handle = seed.title.toLowerCase().replace(/&/g, "and").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
    const prefix = seed.title.split(/\s+/).map((w) => w[0]).join("").toUpperCase().replace(/[^A-Z]/g, "");
    const product = store.addProduct({
      title: seed.title,
      handle,
      descriptionHtml: `<p>${seed.description}</p>`,
      vendor: DEMO_SHOP_NAME,
      productType: seed.type,
      tags: seed.tags,
      optionName: seed.option ?? "Title",
      images: [{ url: `${baseUrl}/images/${handle}.svg`, altText: seed.title, width: 400, height: 400 }],
      variants: seed.variants.map(([title, price, stock], v) => ({
        title,
        sku: `LL-${prefix}-${String(index + 1).padStart(2, "0")}${seed.variants.length > 1 ? `-${v + 1}` : ""}`,
        price,
        compareAtPrice: seed.compareAt ?? null,
        inventoryQuantity: stock,
      })),
      createdAt: daysAgo(300 - index * 5),
    });
    byHandle.set(handle, product);
    for (const c of seed.collections) collectionProducts.get(c)!.push(product.id);
  });
  const collections = new Map(
    COLLECTIONS.map((c) => [c.handle, store.addCollection({ title: c.title, handle: c.handle, descriptionHtml: `<p>${c.description}</p>`, productIds: collectionProducts.get(c.handle)! })]),
  );

  const customers = CUSTOMERS.map(([first, last, phone, city, province, code, zip, sms], i) =>
    store.addCustomer({
      firstName: first,
      lastName: last,
      email: `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, "") + "@example.com",
      phone,
      address: { address1: `${100 + i * 17} Main Street`, city, province, provinceCode: code, zip, country: "United States", countryCode: "US", phone },
      smsMarketingState: sms,
      emailMarketingState: i % 3 === 0 ? "SUBSCRIBED" : "NOT_SUBSCRIBED",
      tags: i % 5 === 0 ? ["VIP"] : [],
      createdAt: daysAgo(120 + i * 9),
    }),
  );

  // The concierge's incentive, and a sitewide sale that doesn't combine with it: an offer conflict.
  store.addDiscount({
    method: "code",
    title: "Concierge expert pick: 15% off skin care",
    code: EXPERT_CODE,
    value: { percentage: 0.15 },
    items: { collectionIds: [collections.get(SKIN)!.id] },
    combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: true },
    startsAt: daysAgo(75),
  });
  store.addDiscount({
    method: "automatic",
    title: HOLIDAY_DISCOUNT_TITLE,
    value: { percentage: 0.4 },
    items: { all: true },
    combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: false },
    startsAt: daysAgo(4),
    endsAt: daysAgo(-14),
  });
  store.addDiscount({
    method: "code",
    title: "Summer 20",
    code: "SUMMER20",
    value: { percentage: 0.2 },
    items: { all: true },
    startsAt: daysAgo(160),
    endsAt: daysAgo(100),
  });

  // Order history: repeat customers are likelier, a few guests, most orders shipped and delivered.
  const variants = [...store.variants.values()];
  const skinProductIds = new Set(collections.get(SKIN)!.productIds);
  const ages = Array.from({ length: options.orderCount ?? 120 }, () => random() * 90).sort((a, b) => b - a);
  for (const age of ages) {
    const guest = random() < 0.05;
    const customer = guest ? null : customers[Math.floor(Math.pow(random(), 1.25) * customers.length)];
    const lineCount = 1 + Math.floor(random() * random() * 3);
    const chosen = new Set<number>();
    while (chosen.size < lineCount) chosen.add(pick(variants).id);
    const hasSkin = [...chosen].some((id) => skinProductIds.has(store.variants.get(id)!.productId));
    const createdAt = isoSeconds(now - age * DAY_MS);
    const order = store.addOrder({
      customerId: customer?.id ?? null,
      email: customer ? undefined : `guest${Math.floor(random() * 9000 + 1000)}@example.com`,
      lineItems: [...chosen].map((variantId) => ({ variantId, quantity: random() < 0.8 ? 1 : 2 })),
      discountCodes: hasSkin && random() < 0.25 ? [EXPERT_CODE] : [],
      financialStatus: random() < 0.04 ? "REFUNDED" : "PAID",
      createdAt,
    });
    if (age > 2) {
      const shippedAt = Date.parse(createdAt) + (0.5 + random()) * DAY_MS;
      store.fulfillOrder(order.id, { company: random() < 0.7 ? "USPS" : "UPS", at: isoSeconds(shippedAt) });
      store.updateShipment(order.id, "IN_TRANSIT", isoSeconds(shippedAt + 0.5 * DAY_MS));
      const deliveredAt = shippedAt + (2 + random() * 3) * DAY_MS;
      if (deliveredAt < now) store.updateShipment(order.id, "DELIVERED", isoSeconds(deliveredAt));
    }
  }
  return store;
}
