// App Bridge stand-in: what Concierge uses of Shopify's App Bridge, for the sandbox admin
// shell (the real script comes from Shopify's CDN, which can't be reached offline).
// - shopify.idToken(): a session token, signed by the sandbox with the app secret;
// - fetch to the app's own origin carries `Authorization: Bearer <token>`, as App Bridge does;
// - shopify.toast, shopify.resourcePicker (answered by the shell), <ui-nav-menu> (shown by the shell).
(() => {
  const script = document.currentScript;
  const sandboxOrigin = new URL(script.src).origin;
  const params = new URLSearchParams(location.search);
  const shop = params.get("shop") || sessionStorage.getItem("sandbox-shop");
  if (shop) sessionStorage.setItem("sandbox-shop", shop);
  const originalFetch = window.fetch.bind(window);
  const post = (message) => window.parent !== window && window.parent.postMessage({ source: "concierge-app-bridge", ...message }, sandboxOrigin);

  let cached = null;
  async function idToken() {
    if (cached && cached.exp - 10 > Date.now() / 1000) return cached.token;
    const res = await originalFetch(`${sandboxOrigin}/_sandbox/id-token?shop=${encodeURIComponent(shop)}`);
    cached = await res.json();
    return cached.token;
  }

  window.fetch = async (input, init) => {
    const request = new Request(input, init);
    if (new URL(request.url, location.href).origin !== location.origin || request.headers.has("Authorization")) return originalFetch(request);
    const headers = new Headers(request.headers);
    headers.set("Authorization", `Bearer ${await idToken()}`);
    return originalFetch(new Request(request, { headers }));
  };

  let pickerSeq = 0;
  const pickers = new Map();
  window.addEventListener("message", (event) => {
    if (event.origin !== sandboxOrigin || !event.data) return;
    const data = event.data;
    if (data.type === "navigate") {
      const link = [...document.querySelectorAll("ui-nav-menu a")].find((a) => a.getAttribute("href") === data.href);
      if (link) link.click();
      else location.assign(data.href);
    } else if (data.type === "resourcePicker:result" && pickers.has(data.id)) {
      pickers.get(data.id)(data.selection);
      pickers.delete(data.id);
    }
  });

  window.shopify = {
    config: { apiKey: script.dataset.apiKey, shop, host: params.get("host"), locale: "en" },
    environment: { embedded: true, mobile: false, pos: false },
    idToken,
    toast: {
      show(message, options = {}) {
        post({ type: "toast", message: String(message), isError: Boolean(options.isError) });
        return String(Date.now());
      },
      hide() {},
    },
    loading(on) {
      post({ type: "loading", on: Boolean(on) });
    },
    resourcePicker(options = {}) {
      const id = ++pickerSeq;
      post({ type: "resourcePicker", id, options: { type: options.type || "product", multiple: Boolean(options.multiple) } });
      return new Promise((resolve) => pickers.set(id, resolve));
    },
  };

  const style = document.createElement("style");
  style.textContent = "ui-nav-menu{display:none}";
  document.head.appendChild(style);

  customElements.define(
    "ui-nav-menu",
    class extends HTMLElement {
      connectedCallback() {
        const sync = () =>
          post({ type: "nav", items: [...this.querySelectorAll("a")].map((a) => ({ label: a.textContent.trim(), href: a.getAttribute("href"), home: a.getAttribute("rel") === "home" })) });
        setTimeout(sync);
        new MutationObserver(sync).observe(this, { childList: true, subtree: true, characterData: true });
      }
    },
  );

  // Tell the shell where the app is, so its address bar and nav follow client-side navigation.
  let last = "";
  setInterval(() => {
    if (location.pathname + location.search !== last) {
      last = location.pathname + location.search;
      post({ type: "location", path: location.pathname });
    }
  }, 250);
})();
