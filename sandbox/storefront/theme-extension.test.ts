// The theme app extension (extensions/concierge-theme): theme check, the Liquid blocks rendered
// through the sandbox renderer, the launcher script in happy-dom, and the size budget.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";
import { Window, type HTMLElement as DomElement } from "happy-dom";
import { afterEach, describe, expect, it, vi } from "vitest";
import { EXTENSION_DIR, blockSchema, liquidAppMetafields, renderPreviewPage, renderThemeBlock, resolveExtensionAsset, type SchemaSetting } from "./liquid";

const REPO = resolve(EXTENSION_DIR, "../..");
const LAUNCHER_JS = readFileSync(join(EXTENSION_DIR, "assets/concierge-launcher.js"), "utf8");

function run(command: string, args: string[], cwd: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done, fail) => {
    // Project binaries and this Node (22) first, as `npx` run from the repo would have them.
    const PATH = [join(REPO, "node_modules/.bin"), dirname(process.execPath), process.env.PATH].join(delimiter);
    const child = spawn(command, args, { cwd, env: { ...process.env, PATH, NO_COLOR: "1", FORCE_COLOR: "0" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

/** Parses an HTML fragment for assertions (no loading, no scripts). */
function parse(html: string) {
  const win = new Window({
    url: "https://shop.test/",
    settings: { disableJavaScriptEvaluation: true, disableJavaScriptFileLoading: true, disableCSSFileLoading: true },
  });
  win.document.write(`<!doctype html><html><body>${html}</body></html>`);
  return win.document;
}

/** querySelector that fails the test when nothing matches. */
function q(root: { querySelector(selector: string): unknown }, selector: string): DomElement {
  const found = root.querySelector(selector);
  if (!found) throw new Error(`nothing matches ${selector}`);
  return found as DomElement;
}

const DEFAULT_TEMPLATES = ["index", "product", "collection"];

describe("theme check", () => {
  it("reports 0 errors and 0 warnings", { timeout: 180_000 }, async () => {
    const { code, stdout, stderr } = await run(
      "npx",
      ["shopify", "theme", "check", "--path", "extensions/concierge-theme", "--fail-level", "warning", "--no-color"],
      REPO,
    );
    const output = stdout + stderr;
    const clean = /(\d+) files? inspected with no offenses found/.exec(output);
    const found = /(\d+) files? inspected with (\d+) total offenses?/.exec(output);
    const summary = {
      files: Number((clean ?? found)?.[1] ?? 0),
      errors: Number(/(\d+) errors?\./.exec(output)?.[1] ?? 0),
      warnings: Number(/(\d+) warnings?\./.exec(output)?.[1] ?? 0),
      offenses: Number(found?.[2] ?? 0),
    };
    expect(clean || found, output).toBeTruthy();
    // toml, 2 blocks, 2 snippets, 4 locale files, JS, CSS: it really looked at the extension.
    expect(summary.files, output).toBeGreaterThanOrEqual(8);
    expect(summary, output).toEqual({ files: summary.files, errors: 0, warnings: 0, offenses: 0 });
    expect(code, output).toBe(0);
  });
});

// theme check's ValidSchema needs schemas it downloads, so offline it checks nothing: these are
// the rules from Shopify's setting schema (theme-liquid-docs) and app block docs that we rely on.
describe("block schemas", () => {
  const ALLOWED_KEYS: Record<string, string[]> = {
    header: ["type", "content", "info", "visible_if"],
    paragraph: ["type", "content"],
    text: ["type", "id", "label", "info", "default", "placeholder"],
    image_picker: ["type", "id", "label", "info", "visible_if"],
    select: ["type", "id", "label", "info", "default", "options", "group", "visible_if"],
    color: ["type", "id", "label", "info", "default", "visible_if"],
    checkbox: ["type", "id", "label", "info", "default", "visible_if"],
    range: ["type", "id", "label", "info", "default", "min", "max", "step", "unit", "visible_if"],
  };
  const BLOCK_KEYS = ["name", "target", "settings", "javascript", "stylesheet", "enabled_on", "disabled_on", "class", "tag", "available_if"];

  for (const [block, target] of [
    ["concierge-launcher", "body"],
    ["concierge-banner", "section"],
  ] as const) {
    it(`${block} is a valid ${target === "body" ? "app embed" : "app block"} schema`, () => {
      const schema = blockSchema(block);
      const source = readFileSync(join(EXTENSION_DIR, "blocks", `${block}.liquid`), "utf8");
      expect(Object.keys(schema).filter((k) => k !== "defaults" && !BLOCK_KEYS.includes(k))).toEqual([]);
      expect(schema.target).toBe(target);
      // Shopify would inject these render-blocking (stylesheet) or twice (javascript); see concierge-assets.
      expect(schema.stylesheet).toBeUndefined();
      expect(schema.javascript).toBeUndefined();

      const ids = schema.settings.filter((s) => s.id).map((s) => s.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const setting of schema.settings) {
        const where = `${block}: ${setting.id ?? setting.type}`;
        expect(ALLOWED_KEYS[setting.type], `${where}: setting type`).toBeDefined();
        expect(Object.keys(setting).filter((k) => !ALLOWED_KEYS[setting.type].includes(k)), where).toEqual([]);
        if (setting.type === "header" || setting.type === "paragraph") continue;
        expect(setting.id, where).toMatch(/^[a-z][a-z0-9_]*$/);
        expect(setting.label, where).toBeTruthy();
        // No dead settings: each one is read by the block.
        expect(source, where).toContain(`block.settings.${setting.id}`);
        checkSettingValues(setting, where);
      }

      for (const locale of ["en", "fr"]) {
        const translated = blockSchema(block, { locale }); // throws on a missing t: key
        expect(translated.name.length, `${locale} name`).toBeLessThanOrEqual(25);
        expect(JSON.stringify(translated)).not.toContain('"t:');
      }
    });
  }

  function checkSettingValues(setting: SchemaSetting, where: string) {
    if (setting.type === "range") {
      const { min = 0, max = 0, step = 1 } = setting;
      const value = setting.default as number;
      expect((max - min) / step, `${where}: at most 101 steps`).toBeLessThanOrEqual(100);
      expect(value, where).toBeGreaterThanOrEqual(min);
      expect(value, where).toBeLessThanOrEqual(max);
      expect((value - min) % step, `${where}: default on a step`).toBe(0);
      expect((setting.unit ?? "").length, `${where}: unit ≤ 3 chars`).toBeLessThanOrEqual(3);
    }
    if (setting.type === "select") expect(setting.options?.map((o) => o.value), where).toContain(setting.default);
    if (setting.type === "color") expect(setting.default, where).toMatch(/^#[0-9a-f]{6}$/i);
    if (setting.type === "checkbox") expect(typeof setting.default, where).toBe("boolean");
  }

  it("the banner is offered on the home, product and collection templates", () => {
    expect(blockSchema("concierge-banner").enabled_on).toEqual({ templates: DEFAULT_TEMPLATES });
  });

  it("storefront locales have the same keys in every language", () => {
    const strings = (file: string) => {
      const flat: [string, string][] = [];
      const walk = (node: unknown, prefix: string) => {
        if (typeof node === "string") flat.push([prefix, node]);
        else for (const [k, v] of Object.entries(node as object)) walk(v, prefix ? `${prefix}.${k}` : k);
      };
      walk(JSON.parse(readFileSync(join(EXTENSION_DIR, "locales", file), "utf8")), "");
      return flat.sort(([a], [b]) => a.localeCompare(b));
    };
    const keys = (file: string) => strings(file).map(([key]) => key);
    expect(keys("fr.json")).toEqual(keys("en.default.json"));
    expect(keys("fr.schema.json")).toEqual(keys("en.default.schema.json"));
    // Blocks pass `t` output through `escape`; these characters would show double-escaped if
    // Shopify escaped them first. Typographic quotes (’ « ») are fine.
    for (const file of ["en.default.json", "fr.json"]) {
      expect(strings(file).filter(([, text]) => /[&<>"']/.test(text)), file).toEqual([]);
    }
  });
});

describe("FAB (app embed)", () => {
  it("renders with the defaults: a plain link to the survey on the app proxy", async () => {
    const doc = parse(await renderThemeBlock("concierge-launcher", { template: "product" }));
    const fab = q(doc, ".concierge-fab");
    const link = q(fab, "a.concierge-fab__button");
    expect(fab.getAttribute("data-concierge-placement")).toBe("fab");
    expect(fab.classList.contains("concierge-fab--right")).toBe(true);
    expect(fab.classList.contains("concierge-fab--hide-mobile")).toBe(false);
    expect(fab.getAttribute("style")).toBe("--concierge-bg: #121212; --concierge-fg: #ffffff;");
    expect(link.getAttribute("href")).toBe("/apps/concierge/survey?placement=fab");
    expect(link.textContent!.trim()).toBe("Ask an expert");
    // The accessible name starts with the visible label (WCAG 2.5.3).
    expect(link.getAttribute("aria-label")).toBe("Ask an expert: get matched with a product expert by text message");
    // No photo and no name: a decorative chat icon.
    expect(fab.querySelector(".concierge-fab__avatar svg")).not.toBeNull();
    expect(q(fab, ".concierge-fab__avatar").getAttribute("aria-hidden")).toBe("true");
    // Teaser off by default.
    expect(fab.querySelector("[data-concierge-teaser]")).toBeNull();
    expect(fab.hasAttribute("data-teaser-delay")).toBe(false);
  });

  it("applies custom settings and escapes them", async () => {
    const html = await renderThemeBlock("concierge-launcher", {
      template: "index",
      settings: {
        label: ' Talk to <b>Sam</b> & "co" ',
        color_background: '#000"><script>alert(1)</script>',
        color_text: "#fafafa",
        position: "bottom-left",
        expert_name: "  sam   o'neil ",
        show_on_mobile: false,
        teaser_delay: 7,
        teaser_text: "Need <help>?",
      },
    });
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).not.toContain("<b>Sam</b>");
    expect(html).not.toContain("<help>");
    const fab = q(parse(html), ".concierge-fab");
    const link = q(fab, "a");
    expect(fab.getAttribute("style")).toBe('--concierge-bg: #000"><script>alert(1)</script>; --concierge-fg: #fafafa;');
    expect(fab.classList.contains("concierge-fab--left")).toBe(true);
    expect(fab.classList.contains("concierge-fab--right")).toBe(false);
    expect(fab.classList.contains("concierge-fab--hide-mobile")).toBe(true);
    expect(fab.hasAttribute("data-hide-mobile")).toBe(true);
    expect(q(fab, ".concierge-fab__label").textContent).toBe('Talk to <b>Sam</b> & "co"');
    expect(link.getAttribute("aria-label")).toMatch(/^Talk to <b>Sam<\/b> & "co": /);
    expect(q(fab, ".concierge-fab__avatar").textContent!.trim()).toBe("SO");
    expect(fab.getAttribute("data-teaser-delay")).toBe("7");
    const teaser = q(fab, "[data-concierge-teaser]");
    expect(teaser.hidden).toBe(true);
    expect(teaser.textContent).toContain("Need <help>?");
    expect(teaser.closest('[role="status"]')).not.toBeNull();
    expect(q(teaser, "button").getAttribute("aria-label")).toBe("Dismiss message");
  });

  it("shows the expert photo through image_url, sized for a 2x screen", async () => {
    const html = await renderThemeBlock("concierge-launcher", {
      settings: { avatar: { src: "//cdn.shopify.com/s/files/1/expert.jpg", width: 800, height: 800 }, expert_name: "Sam Lee" },
    });
    const img = q(parse(html), ".concierge-fab__avatar img");
    expect(img.getAttribute("src")).toBe("https://cdn.shopify.com/s/files/1/expert.jpg?width=96");
    expect(img.getAttribute("alt")).toBe("");
    expect([img.getAttribute("width"), img.getAttribute("height"), img.getAttribute("loading")]).toEqual(["44", "44", "lazy"]);
  });

  it.each([
    ["index", "show_on_home"],
    ["product", "show_on_product"],
    ["collection", "show_on_collection"],
    ["page", "show_on_other"],
    ["cart", "show_on_other"],
    ["list-collections", "show_on_other"],
  ])("on the %s template it follows %s", async (template, setting) => {
    const shown = await renderThemeBlock("concierge-launcher", { template });
    expect(shown).toContain('data-concierge-placement="fab"');
    const hidden = await renderThemeBlock("concierge-launcher", { template, settings: { [setting]: false } });
    // Nothing at all, so no stylesheet or script is fetched on that page either.
    expect(hidden.trim()).toBe("");
    // The other checkboxes don't affect this template.
    const others = ["show_on_home", "show_on_product", "show_on_collection", "show_on_other"].filter((s) => s !== setting);
    const onlyThis = await renderThemeBlock("concierge-launcher", {
      template: `${template}.alternate`,
      settings: Object.fromEntries(others.map((s) => [s, false])),
    });
    expect(onlyThis).toContain('data-concierge-placement="fab"');
  });

  it("never renders on the password page", async () => {
    expect((await renderThemeBlock("concierge-launcher", { template: "password" })).trim()).toBe("");
  });

  it("marks the theme editor so the script sends no beacon there", async () => {
    const html = await renderThemeBlock("concierge-launcher", { request: { design_mode: true } });
    expect(q(parse(html), ".concierge-fab").hasAttribute("data-design-mode")).toBe(true);
    const live = await renderThemeBlock("concierge-launcher", {});
    expect(q(parse(live), ".concierge-fab").hasAttribute("data-design-mode")).toBe(false);
  });
});

describe("banner (app block)", () => {
  it("renders headline, incentive and a CTA linking to the survey", async () => {
    const html = await renderThemeBlock("concierge-banner", {
      template: "product",
      blockId: "b1",
      settings: {
        headline: "Meet your skincare expert",
        incentive: "Take the 1-minute quiz & get 15% off",
        cta_label: "Start the quiz",
        alignment: "left",
        color_background: "#fff8f0",
        color_text: "#222222",
        color_button: "#8a2be2",
        color_button_text: "#ffffff",
      },
    });
    const banner = q(parse(html), ".concierge-banner");
    expect(banner.getAttribute("data-concierge-placement")).toBe("banner");
    expect(banner.classList.contains("concierge-banner--left")).toBe(true);
    expect(banner.getAttribute("style")).toBe(
      "--concierge-bg: #fff8f0; --concierge-fg: #222222; --concierge-btn-bg: #8a2be2; --concierge-btn-fg: #ffffff;",
    );
    expect(q(banner, "h2").textContent).toBe("Meet your skincare expert");
    const incentive = q(banner, ".concierge-banner__incentive");
    expect(incentive.textContent).toBe("Take the 1-minute quiz & get 15% off");
    const cta = q(banner, "a.concierge-banner__cta");
    expect(cta.textContent).toBe("Start the quiz");
    expect(cta.getAttribute("href")).toBe("/apps/concierge/survey?placement=banner");
    // The incentive is read with the link.
    expect(cta.getAttribute("aria-describedby")).toBe(incentive.id);
  });

  it("falls back to the locale's texts and centres by default", async () => {
    const banner = q(parse(await renderThemeBlock("concierge-banner", {})), ".concierge-banner");
    expect(banner.classList.contains("concierge-banner--center")).toBe(true);
    expect(q(banner, "h2").textContent).toBe("Talk to a real product expert");
    expect(q(banner, "a").textContent).toBe("Get matched with an expert");
  });

  it("escapes merchant text", async () => {
    const html = await renderThemeBlock("concierge-banner", {
      settings: { headline: "<img src=x onerror=alert(1)>", cta_label: '"><script>x</script>', color_text: '"><b>' },
    });
    expect(html).not.toMatch(/<img src=x|<script>x|"><b>/);
    expect(q(parse(html), "h2").textContent).toBe("<img src=x onerror=alert(1)>");
  });

  it("carries its own critical CSS: no stylesheet request, no layout shift", async () => {
    const html = await renderThemeBlock("concierge-banner", {});
    expect(html).toMatch(/<style>[\s\S]*\.concierge-banner \{[\s\S]*<\/style>/);
    expect(html).not.toMatch(/<link[^>]+stylesheet/);
    expect(html).toMatch(/<script src="\/ext-assets\/concierge-launcher\.js\?v=\w+" defer><\/script>/);
  });
});

// The app's Promotion page publishes on/off and copy as an app-data metafield; the blocks read
// `app.metafields.concierge.placements.value`.
describe("Promotion page settings (app-data metafield)", () => {
  type Placements = { fab?: { enabled: boolean; label?: string }; banner?: { enabled: boolean; headline?: string; incentive?: string; cta?: string } };
  const published = (value: Placements) => [{ namespace: "concierge", key: "placements", type: "json", value: JSON.stringify(value) }];
  const ON = { fab: { enabled: true, label: "" }, banner: { enabled: true, headline: "", incentive: "", cta: "" } };

  it("exposes a json metafield to Liquid as its parsed value", () => {
    expect(liquidAppMetafields(published(ON))).toEqual({ concierge: { placements: { type: "json", value: ON } } });
    expect(liquidAppMetafields([{ namespace: "concierge", key: "flag", type: "boolean", value: "false" }]).concierge!.flag!.value).toBe(false);
  });

  it("without the metafield, or with both on, the blocks render as configured in the theme editor", async () => {
    for (const appMetafields of [undefined, [], published(ON), published({})]) {
      const fab = await renderThemeBlock("concierge-launcher", { appMetafields, settings: { label: "Ask Léa" } });
      expect(q(parse(fab), ".concierge-fab__label").textContent).toBe("Ask Léa");
      const banner = await renderThemeBlock("concierge-banner", { appMetafields, settings: { headline: "Meet Léa" } });
      expect(q(parse(banner), "h2").textContent).toBe("Meet Léa");
    }
  });

  it.each(["index", "product", "collection", "page"])("a FAB turned off renders nothing on the %s template, so nothing is fetched", async (template) => {
    const html = await renderThemeBlock("concierge-launcher", { template, appMetafields: published({ ...ON, fab: { enabled: false, label: "Hi" } }) });
    expect(html.trim()).toBe("");
  });

  it("a banner turned off renders nothing, not even its style or script", async () => {
    const html = await renderThemeBlock("concierge-banner", { template: "product", appMetafields: published({ ...ON, banner: { enabled: false } }) });
    expect(html.trim()).toBe("");
  });

  it("in the theme editor, a placement turned off leaves a note saying why, and nothing else", async () => {
    const off = published({ fab: { enabled: false }, banner: { enabled: false } });
    for (const [block, placement, text] of [
      ["concierge-launcher", "fab", "The Concierge button is turned off on the Promotion page of the Concierge app. Only you see this note, in the theme editor."],
      ["concierge-banner", "banner", "The Concierge banner is turned off on the Promotion page of the Concierge app. Only you see this note, in the theme editor."],
    ] as const) {
      const html = await renderThemeBlock(block, { appMetafields: off, request: { design_mode: true } });
      const doc = parse(html);
      expect(q(doc, `[data-concierge-off="${placement}"]`).textContent!.trim()).toBe(text);
      expect(doc.querySelector("[data-concierge-placement]")).toBeNull();
      expect(html).not.toMatch(/<script|<link|<style/);
      const fr = await renderThemeBlock(block, { appMetafields: off, request: { design_mode: true }, locale: "fr" });
      expect(q(parse(fr), `[data-concierge-off="${placement}"]`).textContent).toContain("page Promotion de l’app Concierge");
    }
    // Turned off by the theme editor's own template checkboxes: no note (the merchant chose that there).
    expect((await renderThemeBlock("concierge-launcher", { template: "product", settings: { show_on_product: false }, request: { design_mode: true } })).trim()).toBe("");
  });

  it("FAB label: the Promotion page's, else the block's, else the locale default", async () => {
    const label = async (promotionLabel: string | undefined, blockLabel: string, locale = "en") => {
      const html = await renderThemeBlock("concierge-launcher", {
        locale,
        settings: { label: blockLabel },
        appMetafields: published({ fab: { enabled: true, ...(promotionLabel === undefined ? {} : { label: promotionLabel }) } }),
      });
      const link = q(parse(html), "a.concierge-fab__button");
      return [q(link, ".concierge-fab__label").textContent, link.getAttribute("aria-label")!.split(":")[0]];
    };
    expect(await label("Text Sam", "Ask Léa")).toEqual(["Text Sam", "Text Sam"]);
    expect(await label("", "Ask Léa")).toEqual(["Ask Léa", "Ask Léa"]);
    expect(await label("   ", "Ask Léa")).toEqual(["Ask Léa", "Ask Léa"]);
    expect(await label(undefined, "")).toEqual(["Ask an expert", "Ask an expert"]);
    expect(await label("", "", "fr")).toEqual(["Demander à un expert", "Demander à un expert"]);
    expect(await label(" Écrire à Léa ", "", "fr")).toEqual(["Écrire à Léa", "Écrire à Léa"]);
  });

  it("banner texts: each field on its own, the Promotion page's, else the block's, else the locale default", async () => {
    const render = async (locale: string) =>
      parse(
        await renderThemeBlock("concierge-banner", {
          locale,
          settings: { headline: "Block headline", incentive: "Block incentive", cta_label: "" },
          appMetafields: published({ banner: { enabled: true, headline: "Meet our skin experts", incentive: "", cta: "" } }),
        }),
      );
    const en = await render("en");
    expect([q(en, "h2").textContent, q(en, ".concierge-banner__incentive").textContent, q(en, "a").textContent]).toEqual([
      "Meet our skin experts",
      "Block incentive",
      "Get matched with an expert",
    ]);
    expect(q(await render("fr"), "a").textContent).toBe("Contacter un expert");

    const fromApp = parse(
      await renderThemeBlock("concierge-banner", { appMetafields: published({ banner: { enabled: true, headline: "H", incentive: "I", cta: "C" } }), settings: { headline: "x", incentive: "y", cta_label: "z" } }),
    );
    expect([q(fromApp, "h2").textContent, q(fromApp, ".concierge-banner__incentive").textContent, q(fromApp, "a").textContent]).toEqual(["H", "I", "C"]);
  });

  it("escapes the Promotion page's texts", async () => {
    const html = await renderThemeBlock("concierge-banner", {
      appMetafields: published({ banner: { enabled: true, headline: "<img src=x onerror=alert(1)>", incentive: "", cta: '"><script>x</script>' } }),
    });
    expect(html).not.toMatch(/<img src=x|<script>x/);
    expect(q(parse(html), "h2").textContent).toBe("<img src=x onerror=alert(1)>");
    const fab = await renderThemeBlock("concierge-launcher", { appMetafields: published({ fab: { enabled: true, label: '<b>Hi</b> "x"' } }) });
    expect(fab).not.toContain("<b>Hi</b>");
    expect(q(parse(fab), ".concierge-fab__label").textContent).toBe('<b>Hi</b> "x"');
  });

  it("the impression beacon counts only the placements still on", async () => {
    const page = await renderPreviewPage({ template: "product", banners: [{}], appMetafields: published({ fab: { enabled: false }, banner: { enabled: true } }) });
    expect(page).not.toContain('data-concierge-placement="fab"');
    const shop = storefront({ html: page });
    shop.runScripts();
    await shop.load();
    expect(shop.beacons.map((b) => b.body.get("placements"))).toEqual(["banner"]);
  });
});

describe("translations", () => {
  it("renders French storefront strings on the fr locale, under its root URL", async () => {
    const fab = parse(await renderThemeBlock("concierge-launcher", { locale: "fr", rootUrl: "/fr", settings: { teaser_delay: 3 } }));
    expect(q(fab, ".concierge-fab__label").textContent).toBe("Demander à un expert");
    expect(q(fab, "a").getAttribute("aria-label")).toBe(
      "Demander à un expert: être mis en relation avec un expert produit par SMS",
    );
    expect(q(fab, "a").getAttribute("href")).toBe("/fr/apps/concierge/survey?placement=fab");
    expect(q(fab, ".concierge-fab__teaser-text").textContent).toBe("Vous hésitez\u202f? Un expert produit vous conseille, en tête-à-tête.");
    expect(q(fab, ".concierge-fab__close").getAttribute("aria-label")).toBe("Fermer le message");

    const banner = parse(await renderThemeBlock("concierge-banner", { locale: "fr-CA", rootUrl: "/fr-ca" }));
    expect(q(banner, "h2").textContent).toBe("Parlez à un vrai expert produit");
    expect(q(banner, "a").textContent).toBe("Contacter un expert");
    expect(q(banner, "a").getAttribute("href")).toBe("/fr-ca/apps/concierge/survey?placement=banner");
  });

  it("keeps the merchant's own text over the locale default", async () => {
    const fab = parse(await renderThemeBlock("concierge-launcher", { locale: "fr", settings: { label: "Parler à Léa" } }));
    expect(q(fab, ".concierge-fab__label").textContent).toBe("Parler à Léa");
  });

  it("translates the theme editor's setting labels (schema locales)", () => {
    const fr = blockSchema("concierge-launcher", { locale: "fr" });
    expect(fr.name).toBe("Bouton Concierge");
    expect(fr.settings.find((s) => s.id === "show_on_mobile")!.label).toBe("Afficher sur mobile");
    expect(blockSchema("concierge-banner", { locale: "en" }).settings.find((s) => s.id === "incentive")!.label).toBe("Incentive line");
    // An untranslated locale falls back to the default one.
    expect(blockSchema("concierge-banner", { locale: "de" }).name).toBe("Concierge banner");
  });

  it("never leaves a translation missing", async () => {
    for (const locale of ["en", "fr", "de"]) {
      const page = await renderPreviewPage({ locale, launcher: { teaser_delay: 5 }, banners: [{}] });
      expect(page).not.toContain("translation missing");
    }
  });
});

describe("sandbox asset route", () => {
  it("serves the URLs asset_url renders, and nothing outside assets/", async () => {
    const html = await renderThemeBlock("concierge-launcher", {});
    const [, js] = /<script src="\/ext-assets\/([^"]+)"/.exec(html)!;
    expect(resolveExtensionAsset(js)).toEqual({
      path: join(EXTENSION_DIR, "assets/concierge-launcher.js"),
      contentType: "text/javascript; charset=utf-8",
    });
    expect(resolveExtensionAsset("concierge-launcher.css")?.contentType).toBe("text/css; charset=utf-8");
    for (const bad of ["../shopify.extension.toml", "..%2Fshopify.extension.toml", "%2e%2e/x", "%E0%A4%A", ".hidden", "nope.js"]) {
      expect(resolveExtensionAsset(bad), bad).toBeNull();
    }
  });
});

describe("render-blocking", () => {
  it("loads every script with defer and every stylesheet without blocking render", async () => {
    const page = await renderPreviewPage({ template: "product", launcher: { teaser_delay: 5 }, banners: [{}] });
    const scripts = [...page.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) {
      expect(tag).toMatch(/\ssrc="[^"]+"/); // no inline script
      expect(tag).toMatch(/\s(defer|async)[\s>]/);
    }
    const withoutNoscript = page.replace(/<noscript>[\s\S]*?<\/noscript>/g, "");
    const sheets = [...withoutNoscript.matchAll(/<link\b[^>]*rel="stylesheet"[^>]*>/g)].map((m) => m[0]);
    expect(sheets).toHaveLength(1);
    for (const tag of sheets) {
      expect(tag).toContain('media="print"');
      expect(tag).toContain(`onload="this.media='all'"`);
      const href = /href="([^"]+)"/.exec(tag)![1];
      // Shoppers without JavaScript still get it.
      expect(page).toContain(`<noscript><link rel="stylesheet" href="${href}"></noscript>`);
    }
    // Nothing in <head>: the blocks only add to the body.
    expect(/<head>([\s\S]*)<\/head>/.exec(page)![1]).not.toMatch(/<link|<script|<style/);
  });

  it("renders the FAB hidden until its stylesheet shows it (no unstyled flash)", async () => {
    const fab = q(parse(await renderThemeBlock("concierge-launcher", {})), ".concierge-fab");
    expect(fab.hidden).toBe(true);
    const css = readFileSync(join(EXTENSION_DIR, "assets/concierge-launcher.css"), "utf8");
    expect(css).toMatch(/\.concierge-fab\[hidden\] \{\s*display: flex !important;/);
    expect(css).toMatch(/@media \(prefers-reduced-motion: no-preference\)/);
    expect(css).toMatch(/:focus-visible/);
    // Motion only when the shopper allows it.
    const outsideMotionQuery = css.replace(/@media \(prefers-reduced-motion: no-preference\) \{[\s\S]*?\n\}/, "");
    expect(outsideMotionQuery).not.toMatch(/\b(transition|animation):/);
  });
});

// ---- The launcher script in happy-dom ----

interface StorefrontOptions {
  url?: string;
  html: string;
  width?: number;
  userAgent?: string;
  webdriver?: boolean;
  visibilityState?: string;
  prerendering?: boolean;
  session?: Record<string, string>;
  shopify?: unknown;
}

const windows: Window[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(windows.splice(0).map((w) => w.happyDOM.close()));
});

function storefront(options: StorefrontOptions) {
  const win = new Window({
    url: options.url ?? "https://shop.test/products/linen-shirt",
    width: options.width ?? 1280,
    height: 800,
    settings: {
      disableJavaScriptEvaluation: true,
      disableJavaScriptFileLoading: true,
      disableCSSFileLoading: true,
      navigator: { userAgent: options.userAgent ?? "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/605.1.15" },
    },
  });
  windows.push(win);
  const nav = win.navigator;
  const doc = win.document;
  // happy-dom reports itself as automated; a shopper's browser doesn't.
  Object.defineProperty(nav, "webdriver", { value: options.webdriver ?? false, configurable: true });
  if (options.visibilityState) Object.defineProperty(doc, "visibilityState", { value: options.visibilityState, configurable: true });
  if (options.prerendering) Object.defineProperty(doc, "prerendering", { value: true, configurable: true });
  for (const [k, v] of Object.entries(options.session ?? {})) win.sessionStorage.setItem(k, v);
  if (options.shopify) Object.assign(win, { Shopify: options.shopify });

  // Every way a script can reach the network.
  const beacons: { url: string; body: URLSearchParams }[] = [];
  const sendBeacon = vi.fn((url: string, body: URLSearchParams) => {
    beacons.push({ url, body: new URLSearchParams(body) });
    return true;
  });
  Object.defineProperty(nav, "sendBeacon", { value: sendBeacon, configurable: true });
  const fetchSpy = vi.fn();
  const xhrSpy = vi.fn();
  const imageSpy = vi.fn();
  Object.assign(win, { fetch: fetchSpy, XMLHttpRequest: xhrSpy, Image: imageSpy, WebSocket: xhrSpy, EventSource: xhrSpy });
  // Timers go through the test's clock (fake timers when a test enables them).
  Object.assign(win, {
    setTimeout: (fn: () => void, ms?: number) => setTimeout(fn, ms),
    clearTimeout: (id: ReturnType<typeof setTimeout>) => clearTimeout(id),
  });

  doc.write(options.html);
  const resources = () => doc.querySelectorAll("script, link, img, iframe, audio, video, source, object, embed").length;
  const resourcesBefore = resources();

  return {
    win,
    doc,
    beacons,
    /** Runs the launcher once per <script> tag that includes it, as the browser would. */
    runScripts() {
      const copies = doc.querySelectorAll('script[src*="concierge-launcher.js"]').length;
      expect(copies).toBeGreaterThan(0);
      for (let i = 0; i < copies; i++) new Function("window", LAUNCHER_JS)(win);
    },
    /** Fires `load`, as when the page's own resources are done. */
    async load() {
      await win.happyDOM.waitUntilComplete();
    },
    requestsOtherThanBeacons() {
      return {
        fetch: fetchSpy.mock.calls.length,
        xhr: xhrSpy.mock.calls.length,
        image: imageSpy.mock.calls.length,
        newResourceElements: resources() - resourcesBefore,
      };
    },
  };
}

const NO_REQUESTS = { fetch: 0, xhr: 0, image: 0, newResourceElements: 0 };

describe("launcher script: impression beacon", () => {
  it("sends exactly one beacon per page view, after load, counting both placements", async () => {
    const page = await renderPreviewPage({ template: "product", launcher: { teaser_delay: 5 }, banners: [{}, {}] });
    const shop = storefront({ html: page, url: "https://shop.test/products/linen-shirt?utm_source=instagram" });
    shop.runScripts(); // three <script> tags: one FAB, two banners
    expect(shop.beacons).toHaveLength(0); // not before the page has loaded
    await shop.load();
    expect(shop.beacons).toHaveLength(1);
    const [{ url, body }] = shop.beacons;
    expect(url).toBe("/apps/concierge/beacon");
    expect(body.get("placements")!.split(",").sort()).toEqual(["banner", "fab"]);
    expect(body.get("source")).toBe("instagram");
    expect(body.get("template")).toBe("product");
    expect(shop.requestsOtherThanBeacons()).toEqual(NO_REQUESTS);
    // Later events don't send more.
    shop.win.dispatchEvent(new shop.win.Event("load"));
    shop.doc.dispatchEvent(new shop.win.Event("visibilitychange"));
    expect(shop.beacons).toHaveLength(1);
  });

  it("reports 'direct' without a source, and only the placements on the page", async () => {
    const shop = storefront({ html: await renderPreviewPage({ template: "index", launcher: false, banners: [{}] }) });
    shop.runScripts();
    await shop.load();
    expect(shop.beacons.map((b) => Object.fromEntries(b.body))).toEqual([{ placements: "banner", source: "direct", template: "index" }]);
  });

  it.each([
    ["a crawler", { userAgent: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)" }],
    ["Lighthouse", { userAgent: "Mozilla/5.0 (Linux; Android 11) Chrome-Lighthouse" }],
    ["an automated browser", { webdriver: true }],
    ["a shopper who declined analytics", { shopify: { customerPrivacy: { analyticsProcessingAllowed: () => false } } }],
  ])("sends nothing for %s", async (_, options: Partial<StorefrontOptions>) => {
    const shop = storefront({ html: await renderPreviewPage({ banners: [{}] }), ...options });
    shop.runScripts();
    await shop.load();
    expect(shop.beacons).toHaveLength(0);
    expect(shop.requestsOtherThanBeacons()).toEqual(NO_REQUESTS);
  });

  it("sends nothing in the theme editor", async () => {
    const shop = storefront({ html: await renderPreviewPage({ banners: [{}], request: { design_mode: true } }) });
    shop.runScripts();
    await shop.load();
    expect(shop.beacons).toHaveLength(0);
  });

  it("waits until a prerendered page is actually shown", async () => {
    const shop = storefront({ html: await renderPreviewPage({ banners: [{}] }), prerendering: true });
    shop.runScripts();
    await shop.load();
    expect(shop.beacons).toHaveLength(0);
    Object.defineProperty(shop.doc, "prerendering", { value: false, configurable: true });
    shop.doc.dispatchEvent(new shop.win.Event("prerenderingchange"));
    expect(shop.beacons).toHaveLength(1);
  });

  it("waits until a background tab becomes visible", async () => {
    const shop = storefront({ html: await renderPreviewPage({ banners: [{}] }), visibilityState: "hidden" });
    shop.runScripts();
    await shop.load();
    expect(shop.beacons).toHaveLength(0);
    Object.defineProperty(shop.doc, "visibilityState", { value: "visible", configurable: true });
    shop.doc.dispatchEvent(new shop.win.Event("visibilitychange"));
    shop.doc.dispatchEvent(new shop.win.Event("visibilitychange"));
    expect(shop.beacons).toHaveLength(1);
  });

  it("leaves out a FAB hidden on mobile", async () => {
    const page = await renderPreviewPage({ launcher: { show_on_mobile: false }, banners: [{}] });
    const phone = storefront({ html: page, width: 390 });
    phone.runScripts();
    await phone.load();
    expect(phone.beacons.map((b) => b.body.get("placements"))).toEqual(["banner"]);

    const desktop = storefront({ html: page, width: 1280 });
    desktop.runScripts();
    await desktop.load();
    expect(desktop.beacons.map((b) => b.body.get("placements")!.split(",").sort().join())).toEqual(["banner,fab"]);
  });
});

describe("launcher script: links carry placement and campaign params", () => {
  const params = (href: string | null) => Object.fromEntries(new URL(href!, "https://shop.test").searchParams);

  it("adds the page's UTM params and source, keeping the placement", async () => {
    const page = await renderPreviewPage({ template: "product", rootUrl: "/fr", locale: "fr", banners: [{}] });
    const shop = storefront({
      html: page,
      url: "https://shop.test/fr/products/linen-shirt?utm_source=newsletter&utm_medium=email&utm_campaign=spring&gclid=abc&variant=1",
    });
    shop.runScripts();
    const fab = q(shop.doc, ".concierge-fab a").getAttribute("href");
    const banner = q(shop.doc, ".concierge-banner a").getAttribute("href");
    expect(new URL(fab!, "https://shop.test").pathname).toBe("/fr/apps/concierge/survey");
    const utm = { utm_source: "newsletter", utm_medium: "email", utm_campaign: "spring", source: "newsletter" };
    expect(params(fab)).toEqual({ placement: "fab", ...utm });
    expect(params(banner)).toEqual({ placement: "banner", ...utm });
  });

  it("keeps the landing page's campaign for the rest of the visit", async () => {
    const landing = storefront({
      html: await renderPreviewPage({ template: "index" }),
      url: "https://shop.test/?utm_source=tiktok&utm_campaign=drop",
    });
    landing.runScripts();
    const saved = landing.win.sessionStorage.getItem("concierge:attribution")!;

    const next = storefront({ html: await renderPreviewPage({ template: "product" }), session: { "concierge:attribution": saved } });
    Object.defineProperty(next.doc, "referrer", { value: "https://shop.test/", configurable: true });
    next.runScripts();
    expect(params(q(next.doc, ".concierge-fab a").getAttribute("href"))).toEqual({
      placement: "fab",
      utm_source: "tiktok",
      utm_campaign: "drop",
      source: "tiktok",
    });
  });

  it("only ever adds campaign params, whatever is in session storage", async () => {
    const shop = storefront({
      html: await renderPreviewPage({}),
      session: { "concierge:attribution": JSON.stringify({ utm_source: "mail", placement: "banner", return_to: "//evil.test" }) },
    });
    shop.runScripts();
    expect(params(q(shop.doc, ".concierge-fab a").getAttribute("href"))).toEqual({ placement: "fab", utm_source: "mail" });
  });

  it("uses an external referrer as the source, and leaves plain visits alone", async () => {
    const referred = storefront({ html: await renderPreviewPage({}) });
    Object.defineProperty(referred.doc, "referrer", { value: "https://www.pinterest.com/pin/1", configurable: true });
    referred.runScripts();
    expect(params(q(referred.doc, ".concierge-fab a").getAttribute("href"))).toEqual({ placement: "fab", source: "www.pinterest.com" });

    const direct = storefront({ html: await renderPreviewPage({}) });
    direct.runScripts();
    expect(q(direct.doc, ".concierge-fab a").getAttribute("href")).toBe("/apps/concierge/survey?placement=fab");
  });
});

describe("launcher script: teaser", () => {
  it("appears after the configured seconds and can be dismissed for the visit", async () => {
    const page = await renderPreviewPage({ launcher: { teaser_delay: 5 } });
    const shop = storefront({ html: page });
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    shop.runScripts();
    const bubble = q(shop.doc, "[data-concierge-teaser]");
    expect(bubble.hidden).toBe(true);
    vi.advanceTimersByTime(4_999);
    expect(bubble.hidden).toBe(true);
    vi.advanceTimersByTime(1);
    expect(bubble.hidden).toBe(false);
    expect(shop.requestsOtherThanBeacons()).toEqual(NO_REQUESTS);

    q(bubble, "button").click();
    expect(bubble.hidden).toBe(true);

    // Next page of the same visit: not again.
    const next = storefront({ html: page, session: { "concierge:teaser-dismissed": shop.win.sessionStorage.getItem("concierge:teaser-dismissed")! } });
    next.runScripts();
    vi.advanceTimersByTime(60_000);
    expect(q(next.doc, "[data-concierge-teaser]").hidden).toBe(true);
  });

  it("closes with Escape", async () => {
    const shop = storefront({ html: await renderPreviewPage({ launcher: { teaser_delay: 2 } }) });
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    shop.runScripts();
    vi.advanceTimersByTime(2_000);
    const bubble = q(shop.doc, "[data-concierge-teaser]");
    expect(bubble.hidden).toBe(false);
    q(bubble, "button").focus();
    shop.doc.dispatchEvent(new shop.win.KeyboardEvent("keydown", { key: "Escape" }));
    expect(bubble.hidden).toBe(true);
    // Keyboard focus moves to the FAB instead of getting lost.
    expect(shop.doc.activeElement).toBe(q(shop.doc, ".concierge-fab a"));
  });

  it("never appears when the delay is 0", async () => {
    const shop = storefront({ html: await renderPreviewPage({ launcher: { teaser_delay: 0, teaser_text: "Hi!" } }) });
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    shop.runScripts();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(60_000);
    expect(shop.doc.querySelector("[data-concierge-teaser]")).toBeNull();
    expect(shop.doc.body.textContent).not.toContain("Hi!");
  });

  it("stays off on phones when the FAB is hidden there", async () => {
    const shop = storefront({ html: await renderPreviewPage({ launcher: { teaser_delay: 3, show_on_mobile: false } }), width: 390 });
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    shop.runScripts();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("shows at once in the theme editor so the merchant can see it", async () => {
    const shop = storefront({ html: await renderPreviewPage({ launcher: { teaser_delay: 30 }, request: { design_mode: true } }) });
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    shop.runScripts();
    vi.advanceTimersByTime(0);
    expect(q(shop.doc, "[data-concierge-teaser]").hidden).toBe(false);
  });
});

describe("size budget (ARCHITECTURE §7)", () => {
  it("stays within 3 KB gzip of JS and 2 KB gzip of CSS, as bench/launcher-size.mjs reports", async () => {
    const { code, stdout } = await run(process.execPath, ["bench/launcher-size.mjs"], REPO);
    expect(code).toBe(0);
    const report = JSON.parse(stdout.split("\n")[0]) as Record<string, unknown>;
    expect(report).toMatchObject({ bench: "launcher-size", jsBudget: 3072, cssBudget: 2048, ok: true });

    // Measured here too, so the bench can't drift from what ships.
    const { gzipSync } = await import("node:zlib");
    const gz = (text: string) => gzipSync(text, { level: 9 }).length;
    const css = readFileSync(join(EXTENSION_DIR, "assets/concierge-launcher.css"), "utf8");
    const bannerCss = /<style>([\s\S]*?)<\/style>/.exec(readFileSync(join(EXTENSION_DIR, "blocks/concierge-banner.liquid"), "utf8"))![1];
    expect(report.jsGzipBytes).toBe(gz(LAUNCHER_JS));
    expect(report.cssGzipBytes).toBe(gz(css) + gz(bannerCss));
    expect(gz(LAUNCHER_JS)).toBeLessThanOrEqual(3072);
    expect(gz(css) + gz(bannerCss)).toBeLessThanOrEqual(2048);
  });
});
