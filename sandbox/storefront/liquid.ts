// Renders the theme app extension's real Liquid blocks outside Shopify, for the sandbox's
// storefront preview and for tests. It implements the Shopify objects, tags and filters the
// blocks use, with Shopify's semantics where they differ from plain Liquid (setting defaults,
// locale fallback, `t:` schema strings).
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, dirname, extname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Liquid, Tag, TypeGuards, type Context, type TagToken, type TopLevelToken } from "liquidjs";
import { typedValue } from "../shopify/metafields";

export const EXTENSION_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../extensions/concierge-theme");

export interface SchemaSetting {
  type: string;
  id?: string;
  label?: string;
  info?: string;
  content?: string;
  placeholder?: string;
  default?: unknown;
  options?: { value: string; label: string }[];
  min?: number;
  max?: number;
  step?: number;
  unit?: string;
  [key: string]: unknown;
}

export interface BlockSchema {
  name: string;
  target: string;
  settings: SchemaSetting[];
  enabled_on?: { templates?: string[]; groups?: string[] };
  disabled_on?: { templates?: string[]; groups?: string[] };
  javascript?: string;
  stylesheet?: string;
  [key: string]: unknown;
}

/** The parsed `{% schema %}` plus the value every setting has when the merchant hasn't changed it. */
export interface BlockSchemaWithDefaults extends BlockSchema {
  defaults: Record<string, unknown>;
}

export interface ShopifyImage {
  src: string;
  width?: number;
  height?: number;
  alt?: string;
}

export interface RenderBlockOptions {
  /** Merchant settings; omitted ones take the schema default. Unknown ids throw. */
  settings?: Record<string, unknown>;
  /** Template name ("product") or "name.suffix" ("product.alternate"). Default "index". */
  template?: string;
  /** Storefront locale ("en", "fr", "fr-CA"). Default: the extension's default locale. */
  locale?: string;
  shop?: Record<string, unknown>;
  request?: { design_mode?: boolean; path?: string; host?: string; [key: string]: unknown };
  /** `routes.root_url`: "/" or the locale/market root such as "/fr". Default "/". */
  rootUrl?: string;
  blockId?: string;
  /**
   * The app's app-data metafields (metafields on its installation), as Shopify exposes them to
   * the theme app extension: `app.metafields.<namespace>.<key>.value`, typed by `type`.
   */
  appMetafields?: AppDataMetafield[];
}

export interface AppDataMetafield {
  namespace: string;
  key: string;
  type: string;
  /** As stored by the Admin API: always a string. */
  value: string;
}

export interface ThemeRendererOptions {
  extensionDir?: string;
  /** Where `asset_url` points, e.g. "/ext-assets/" served by the sandbox. */
  assetBaseUrl?: string;
  /** Re-read files on every render (the sandbox preview picks up edits). Default true. */
  noCache?: boolean;
}

type Translations = Record<string, unknown>;

export interface ThemeRenderer {
  renderThemeBlock(blockPath: string, options?: RenderBlockOptions): Promise<string>;
  blockSchema(blockPath: string, options?: { locale?: string }): BlockSchemaWithDefaults;
  translate(key: string, locale?: string, vars?: Record<string, unknown>): string;
  readonly extensionDir: string;
  readonly defaultLocale: string;
}

const SCHEMA_RE = /{%-?\s*schema\s*-?%}([\s\S]*?){%-?\s*endschema\s*-?%}/;

// Tags whose body is data for Shopify, not output.
function silentBlockTag(name: string) {
  return class extends Tag {
    constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
      super(token, remainTokens, liquid);
      while (remainTokens.length) {
        const next = remainTokens.shift();
        if (next && TypeGuards.isTagToken(next) && next.name === `end${name}`) return;
      }
      throw new Error(`tag {% ${name} %} not closed`);
    }
    render(): void {}
  };
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

function lookup(tree: Translations, key: string): unknown {
  let node: unknown = tree;
  for (const part of key.split(".")) {
    if (!node || typeof node !== "object") return undefined;
    node = (node as Translations)[part];
  }
  return node;
}

function defaultFor(setting: SchemaSetting): unknown {
  if (setting.default !== undefined) return setting.default;
  switch (setting.type) {
    case "checkbox":
      return false;
    case "select":
    case "radio":
      return setting.options?.[0]?.value ?? null;
    default:
      return null;
  }
}

/**
 * `app.metafields` as Liquid sees it: namespace → key → metafield drop, whose `.value` is the
 * typed value (a json metafield's object, a boolean, a number) and `.type` the type name.
 */
export function liquidAppMetafields(metafields: readonly AppDataMetafield[] = []): Record<string, Record<string, { value: unknown; type: string }>> {
  const byNamespace: Record<string, Record<string, { value: unknown; type: string }>> = {};
  for (const m of metafields) (byNamespace[m.namespace] ??= {})[m.key] = { value: typedValue(m), type: m.type };
  return byNamespace;
}

export function createThemeRenderer(options: ThemeRendererOptions = {}): ThemeRenderer {
  const extensionDir = resolve(options.extensionDir ?? EXTENSION_DIR);
  const assetBaseUrl = options.assetBaseUrl ?? "/ext-assets/";
  const noCache = options.noCache ?? true;
  const localesDir = join(extensionDir, "locales");

  const localeFiles = readdirSync(localesDir);
  const defaultFile = localeFiles.find((f) => /^[\w-]+\.default\.json$/.test(f));
  if (!defaultFile) throw new Error(`${localesDir} has no <locale>.default.json`);
  const defaultLocale = defaultFile.split(".")[0];

  const jsonCache = new Map<string, unknown>();
  const readJson = (file: string): Translations | undefined => {
    if (!noCache && jsonCache.has(file)) return jsonCache.get(file) as Translations | undefined;
    let value: Translations | undefined;
    try {
      value = JSON.parse(readFileSync(file, "utf8")) as Translations;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    jsonCache.set(file, value);
    return value;
  };

  // Shopify's fallback: "fr-CA" → "fr-CA", "fr", then the default locale.
  function localeChain(locale: string | undefined, kind: "" | ".schema"): Translations[] {
    const names: string[] = [];
    if (locale) {
      names.push(`${locale}${kind}.json`);
      if (locale.includes("-")) names.push(`${locale.split("-")[0]}${kind}.json`);
    }
    names.push(`${defaultLocale}.default${kind}.json`);
    return names.map((n) => readJson(join(localesDir, n))).filter((t): t is Translations => !!t);
  }

  function translate(key: string, locale?: string, vars: Record<string, unknown> = {}): string {
    let found: unknown;
    for (const tree of localeChain(locale, "")) {
      found = lookup(tree, key);
      if (found !== undefined) break;
    }
    if (found && typeof found === "object" && typeof vars.count === "number") {
      const forms = found as Record<string, string>;
      found = vars.count === 0 && forms.zero !== undefined ? forms.zero : vars.count === 1 ? forms.one : forms.other;
    }
    if (typeof found !== "string") return `translation missing: ${locale ?? defaultLocale}.${key}`;
    // As in Shopify: interpolated values are escaped unless the key ends in _html.
    const raw = key.endsWith("_html");
    return found.replace(/{{\s*(\w+)\s*}}/g, (_, name: string) => {
      const value = vars[name] == null ? "" : String(vars[name]);
      return raw ? value : escapeHtml(value);
    });
  }

  function resolveBlock(blockPath: string): string {
    const withExt = blockPath.endsWith(".liquid") ? blockPath : `${blockPath}.liquid`;
    if (isAbsolute(withExt)) return withExt;
    return withExt.includes("/") ? join(extensionDir, withExt) : join(extensionDir, "blocks", withExt);
  }

  function resolveSchemaStrings<T>(value: T, trees: Translations[]): T {
    if (typeof value === "string" && value.startsWith("t:")) {
      for (const tree of trees) {
        const hit = lookup(tree, value.slice(2));
        if (typeof hit === "string") return hit as T;
      }
      throw new Error(`schema translation missing: ${value}`);
    }
    if (Array.isArray(value)) return value.map((v) => resolveSchemaStrings(v, trees)) as T;
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveSchemaStrings(v, trees)])) as T;
    }
    return value;
  }

  function blockSchema(blockPath: string, opts: { locale?: string } = {}): BlockSchemaWithDefaults {
    const file = resolveBlock(blockPath);
    const match = SCHEMA_RE.exec(readFileSync(file, "utf8"));
    if (!match) throw new Error(`${file} has no {% schema %}`);
    let schema = JSON.parse(match[1]) as BlockSchema;
    if (opts.locale) schema = resolveSchemaStrings(schema, localeChain(opts.locale, ".schema"));
    const defaults: Record<string, unknown> = {};
    for (const setting of schema.settings ?? []) if (setting.id) defaults[setting.id] = defaultFor(setting);
    return { ...schema, defaults };
  }

  const assetVersion = (file: string) => {
    try {
      return createHash("sha1").update(readFileSync(join(extensionDir, "assets", file))).digest("hex").slice(0, 10);
    } catch {
      return "missing";
    }
  };

  const engine = new Liquid({
    root: [join(extensionDir, "snippets")],
    partials: join(extensionDir, "snippets"),
    extname: ".liquid",
    cache: !noCache,
    strictFilters: true,
    ownPropertyOnly: true,
  });
  engine.registerTag("schema", silentBlockTag("schema"));
  engine.registerTag("doc", silentBlockTag("doc"));

  const hashArgs = (args: unknown[]) =>
    Object.fromEntries(args.filter((a): a is [string, unknown] => Array.isArray(a) && a.length === 2 && typeof a[0] === "string"));
  const renderLocale = (ctx: Context) => (ctx.globals as { __locale?: string }).__locale;

  function t(this: { context: Context }, key: unknown, ...args: unknown[]) {
    return translate(String(key), renderLocale(this.context), hashArgs(args));
  }
  engine.registerFilter("t", t);
  engine.registerFilter("translate", t);
  engine.registerFilter("asset_url", (file: unknown) => {
    const name = String(file);
    return `${assetBaseUrl}${encodeURIComponent(name)}?v=${assetVersion(name)}`;
  });
  // Shopify CDN URLs take the size as query params; the sandbox's image server can honour them.
  engine.registerFilter("image_url", (image: unknown, ...args: unknown[]) => {
    const src = typeof image === "string" ? image : (image as Partial<ShopifyImage> | null)?.src;
    if (!src) return "";
    const params = hashArgs(args);
    const url = new URL(src, "https://cdn.invalid");
    for (const key of ["width", "height", "crop", "format"]) {
      if (params[key] != null) url.searchParams.set(key, String(params[key]));
    }
    return url.origin === "https://cdn.invalid" ? url.pathname + url.search : url.toString();
  });

  async function renderThemeBlock(blockPath: string, opts: RenderBlockOptions = {}): Promise<string> {
    const file = resolveBlock(blockPath);
    const schema = blockSchema(file);
    const settings = { ...schema.defaults };
    for (const [id, value] of Object.entries(opts.settings ?? {})) {
      if (!(id in settings)) throw new Error(`${basename(file)} has no setting "${id}"`);
      settings[id] = value;
    }
    const [name, ...suffix] = (opts.template ?? "index").split(".");
    const locale = opts.locale ?? defaultLocale;
    const shop = {
      name: "Concierge Demo",
      permanent_domain: "concierge-demo.myshopify.com",
      url: "https://concierge-demo.myshopify.com",
      locale: defaultLocale,
      ...opts.shop,
    };
    const globals = {
      __locale: locale,
      template: { name, suffix: suffix.length ? suffix.join(".") : null, directory: null },
      routes: { root_url: opts.rootUrl ?? "/" },
      request: {
        design_mode: false,
        host: new URL(String(shop.url)).host,
        path: "/",
        page_type: name,
        locale: { iso_code: locale, primary: locale === shop.locale },
        ...opts.request,
      },
      shop,
      app: { metafields: liquidAppMetafields(opts.appMetafields) },
    };
    const block = {
      id: opts.blockId ?? `AbC${createHash("sha1").update(file).digest("hex").slice(0, 8)}`,
      type: `shopify://apps/concierge/blocks/${basename(file, ".liquid")}`,
      settings,
      shopify_attributes: "",
    };
    return engine.parseAndRender(readFileSync(file, "utf8"), { block }, { globals });
  }

  return { renderThemeBlock, blockSchema, translate, extensionDir, defaultLocale };
}

const defaultRenderer = createThemeRenderer();

/** Renders a block of the Concierge theme extension, e.g. `renderThemeBlock("concierge-banner", { template: "product" })`. */
export const renderThemeBlock = (blockPath: string, options?: RenderBlockOptions) => defaultRenderer.renderThemeBlock(blockPath, options);

/** The block's `{% schema %}` with `defaults`; with `locale`, `t:` strings are resolved from the schema locales. */
export const blockSchema = (blockPath: string, options?: { locale?: string }) => defaultRenderer.blockSchema(blockPath, options);

const CONTENT_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".webp": "image/webp",
};

/** For the sandbox's `/ext-assets/<file>` route: the asset's path and type, or null (no traversal). */
export function resolveExtensionAsset(name: string, extensionDir = EXTENSION_DIR): { path: string; contentType: string } | null {
  let file: string;
  try {
    file = decodeURIComponent(name.split("?")[0]);
  } catch {
    return null; // malformed escape
  }
  if (!/^[\w.-]+$/.test(file) || file.startsWith(".")) return null;
  const path = join(extensionDir, "assets", file);
  if (!existsSync(path)) return null;
  return { path, contentType: CONTENT_TYPES[extname(file)] ?? "application/octet-stream" };
}

export interface PreviewPageOptions extends Omit<RenderBlockOptions, "settings" | "blockId"> {
  /** App embed settings; `false` leaves the embed off. */
  launcher?: Record<string, unknown> | false;
  /** One banner per entry, in the page's main content. */
  banners?: Record<string, unknown>[];
  title?: string;
  renderer?: ThemeRenderer;
}

/**
 * A minimal Dawn-like page with the blocks where Shopify puts them: app blocks inside
 * sections, app embeds (target body) just before </body>.
 */
export async function renderPreviewPage(options: PreviewPageOptions = {}): Promise<string> {
  const { launcher = {}, banners = [], title = "Concierge storefront preview", renderer = defaultRenderer, ...common } = options;
  const template = common.template ?? "index";
  const locale = common.locale ?? renderer.defaultLocale;
  const sections = await Promise.all(
    banners.map(
      async (settings, i) =>
        `<section class="shopify-section" id="shopify-section-apps-${i}"><div class="page-width">${await renderer.renderThemeBlock(
          "concierge-banner",
          { ...common, settings, blockId: `banner${i}` },
        )}</div></section>`,
    ),
  );
  const embed = launcher === false ? "" : await renderer.renderThemeBlock("concierge-launcher", { ...common, settings: launcher, blockId: "launcher" });
  return `<!doctype html>
<html lang="${escapeHtml(locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title>
</head>
<body class="template-${escapeHtml(template.split(".")[0])}">
<main id="MainContent" role="main">
<h1>${escapeHtml(title)}</h1>
${sections.join("\n")}
</main>
${embed}
</body>
</html>`;
}
