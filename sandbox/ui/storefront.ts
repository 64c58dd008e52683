// The storefront preview: a small Dawn-like theme page with the theme app extension's real
// Liquid blocks rendered in it, and Shopify's app proxy (/apps/concierge/*) in front of the
// app's /proxy/* with a real proxy signature.
import { Liquid } from "liquidjs";
import type { ShopStore } from "../shopify/state";
import { createThemeRenderer } from "../storefront/liquid";
import { appProxyQuery } from "../shopify-signing";
import { esc } from "./html";

const renderer = createThemeRenderer({ assetBaseUrl: "/ext-assets/" });

/** What every block on a page sees from the stand-in: the shop, and the app's app-data metafields. */
const blockContext = (store: ShopStore) => ({
  shop: { name: store.info.name, permanent_domain: store.domain },
  appMetafields: [...store.appInstallation.metafields.values()],
});
const proxyLiquid = new Liquid({ strictFilters: false });

export type StorefrontTemplate = "index" | "product" | "collection" | "page";

/** The theme's layout (theme.liquid), wrapping a page's content; app embeds go before </body>. */
export async function themeLayout(store: ShopStore, opts: { title: string; content: string; template: StorefrontTemplate; embed?: boolean }) {
  const collections = [...store.collections.values()];
  const launcher = opts.embed === false ? "" : await renderer.renderThemeBlock("concierge-launcher", {
    template: opts.template,
    ...blockContext(store),
    settings: { teaser_delay: 6 },
    blockId: "launcher",
  });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(opts.title)} – ${esc(store.info.name)}</title>
<style>
  body { margin:0; font:16px/1.6 Georgia, "Times New Roman", serif; color:#1c1b1a; background:#fbf8f3; }
  .announcement { background:#2f4a3a; color:#f3efe6; text-align:center; font:13px system-ui,sans-serif; padding:8px; }
  header.site { display:flex; align-items:center; justify-content:space-between; padding:18px 5vw; border-bottom:1px solid #e6e0d6; }
  header.site a { color:inherit; text-decoration:none; } .logo { font-size:24px; letter-spacing:.5px; }
  header.site nav a { margin-left:20px; font:15px system-ui,sans-serif; }
  .page-width { max-width:1180px; margin:0 auto; padding:0 5vw; }
  .hero { padding:56px 0 32px; } .hero h1 { font-size:40px; font-weight:400; margin:0 0 8px; }
  .grid { display:grid; grid-template-columns:repeat(auto-fill,minmax(200px,1fr)); gap:24px; padding:24px 0 64px; }
  .card-product a { color:inherit; text-decoration:none; } .card-product img { width:100%; aspect-ratio:1; object-fit:cover; border-radius:6px; background:#eee; }
  .card-product .price { font-family:system-ui,sans-serif; color:#555; } .sold-out { font:12px system-ui; color:#a33; }
  .product { display:grid; grid-template-columns:1fr 1fr; gap:48px; padding:40px 0; } .product img { width:100%; border-radius:8px; }
  footer.site { border-top:1px solid #e6e0d6; padding:24px 5vw; font:13px system-ui,sans-serif; color:#666; }
  .shopify-section { margin:24px 0; }
</style>
</head>
<body class="template-${opts.template}">
<div class="announcement">Free shipping over $50 · Talk to an expert, free</div>
<header class="site"><a class="logo" href="/storefront">${esc(store.info.name)}</a><nav>${collections
    .map((c) => `<a href="/storefront/collections/${esc(c.handle)}">${esc(c.title)}</a>`)
    .join("")}</nav></header>
<main id="MainContent" role="main">${opts.content}</main>
<footer class="site">© ${new Date().getFullYear()} ${esc(store.info.name)} · Storefront preview rendered by the Concierge sandbox</footer>
${launcher}
</body>
</html>`;
}

/** `?concierge=off` renders the same page without the launcher and banner (for comparisons). */
export type PageOptions = { concierge?: boolean };

async function banner(store: ShopStore, template: StorefrontTemplate, opts: PageOptions = {}) {
  if (opts.concierge === false) return "";
  return `<section class="shopify-section"><div class="page-width">${await renderer.renderThemeBlock("concierge-banner", {
    template,
    ...blockContext(store),
    blockId: "banner",
  })}</div></section>`;
}

function productCard(store: ShopStore, product: ReturnType<ShopStore["productByHandle"]> & object) {
  const variants = store.variantsOf(product);
  const price = Math.min(...variants.map((v) => Number(v.price)));
  const soldOut = variants.every((v) => !store.availableForSale(v));
  const image = product.images[0];
  return `<div class="card-product"><a href="/storefront/products/${esc(product.handle)}"><img src="${esc(image?.url ?? "")}" alt="${esc(image?.altText ?? product.title)}" loading="lazy" width="400" height="400"><h3>${esc(product.title)}</h3></a><div class="price">from $${price.toFixed(2)}</div>${soldOut ? '<div class="sold-out">Sold out</div>' : ""}</div>`;
}

export async function homePage(store: ShopStore, opts: PageOptions = {}) {
  const products = [...store.products.values()].slice(0, 12);
  return themeLayout(store, {
    title: "Home",
    template: "index",
    embed: opts.concierge !== false,
    content: `<div class="page-width hero"><h1>Care that fits you.</h1><p>Clean skin, hair and body care — and real people to help you choose.</p></div>
${await banner(store, "index", opts)}
<div class="page-width"><h2>Best sellers</h2><div class="grid">${products.map((p) => productCard(store, p)).join("")}</div></div>`,
  });
}

export async function collectionPage(store: ShopStore, handle: string) {
  const collection = [...store.collections.values()].find((c) => c.handle === handle);
  if (!collection) return null;
  const products = collection.productIds.map((id) => store.products.get(id)).filter((p): p is NonNullable<typeof p> => Boolean(p));
  return themeLayout(store, {
    title: collection.title,
    template: "collection",
    content: `<div class="page-width hero"><h1>${esc(collection.title)}</h1></div>${await banner(store, "collection")}<div class="page-width"><div class="grid">${products.map((p) => productCard(store, p)).join("")}</div></div>`,
  });
}

export async function productPage(store: ShopStore, handle: string) {
  const product = store.productByHandle(handle);
  if (!product) return null;
  const variants = store.variantsOf(product);
  return themeLayout(store, {
    title: product.title,
    template: "product",
    content: `<div class="page-width product"><img src="${esc(product.images[0]?.url ?? "")}" alt="${esc(product.title)}" width="600" height="600"><div><h1>${esc(product.title)}</h1><p>${product.descriptionHtml.replace(/<[^>]*>/g, "")}</p><ul>${variants
      .map((v) => `<li>${esc(v.title)} — $${esc(v.price)}${store.availableForSale(v) ? "" : " (sold out)"}</li>`)
      .join("")}</ul></div></div>${await banner(store, "product")}`,
  });
}

/**
 * Shopify's app proxy: /apps/concierge/<path>?<query> → <app>/proxy/<path>?<query + signed params>.
 * A Liquid response is rendered inside the theme layout, as Shopify does; cookies are dropped.
 */
export async function appProxy(opts: { store: ShopStore; appUrl: string; apiSecret: string; request: Request; subpath: string }) {
  const incoming = new URL(opts.request.url);
  const extra = Object.fromEntries(incoming.searchParams);
  const query = appProxyQuery(opts.store.domain, opts.apiSecret, extra);
  const target = `${opts.appUrl}/proxy${opts.subpath}?${query}`;
  const headers = new Headers();
  for (const name of ["content-type", "accept", "user-agent", "accept-language"]) {
    const value = opts.request.headers.get(name);
    if (value) headers.set(name, value);
  }
  headers.set("X-Forwarded-For", "203.0.113.10");
  const body = opts.request.method === "GET" || opts.request.method === "HEAD" ? undefined : await opts.request.arrayBuffer();
  const upstream = await fetch(target, { method: opts.request.method, headers, body, redirect: "manual" });
  const type = upstream.headers.get("content-type") ?? "";
  const out = new Headers();
  for (const [k, v] of upstream.headers) if (!["set-cookie", "content-length", "content-encoding", "transfer-encoding", "connection"].includes(k)) out.set(k, v);
  if (type.startsWith("application/liquid")) {
    const liquid = await upstream.text();
    const content = await proxyLiquid.parseAndRender(liquid, { shop: { name: opts.store.info.name, permanent_domain: opts.store.domain }, customer: null });
    const html = await themeLayout(opts.store, { title: opts.store.info.name, template: "page", content: `<div class="page-width">${content}</div>` });
    out.set("content-type", "text/html; charset=utf-8");
    return new Response(html, { status: upstream.status, headers: out });
  }
  return new Response(upstream.status === 204 || upstream.status === 304 ? null : await upstream.arrayBuffer(), { status: upstream.status, headers: out });
}

export const themeAssetsDir = renderer.extensionDir;
