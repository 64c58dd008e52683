// Network redirection at the process edge, loaded with `node --import` into the app's web
// and worker processes by the sandbox. The app keeps calling https://<shop>.myshopify.com
// and https://api.twilio.com; this sends those requests to the local stand-ins instead,
// keeping the original host in X-Forwarded-Host. App code has no idea.
import http from "node:http";
import https from "node:https";

const shopifyTarget = process.env.EDGE_SHOPIFY_URL ? new URL(process.env.EDGE_SHOPIFY_URL) : null;
const twilioTarget = process.env.EDGE_TWILIO_URL ? new URL(process.env.EDGE_TWILIO_URL) : null;

function targetFor(hostname) {
  if (shopifyTarget && /\.myshopify\.com$/i.test(hostname)) return shopifyTarget;
  if (twilioTarget && /(^|\.)twilio\.com$/i.test(hostname)) return twilioTarget;
  return null;
}

// fetch (undici): used by @shopify/shopify-api, which captures globalThis.fetch at import,
// so this must run before the app loads; --import guarantees that.
const originalFetch = globalThis.fetch;
globalThis.fetch = async function edgeFetch(input, init) {
  const request = new Request(input, init);
  const url = new URL(request.url);
  const target = targetFor(url.hostname);
  if (!target) return originalFetch(request);
  const rewritten = new URL(url.pathname + url.search, target);
  const headers = new Headers(request.headers);
  headers.set("X-Forwarded-Host", url.host);
  headers.set("X-Forwarded-Proto", "https");
  const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
  return originalFetch(rewritten, { method: request.method, headers, body, redirect: request.redirect, signal: request.signal });
};

// node:https: used by the twilio SDK (axios). Re-issue the request over plain http to the stand-in.
const originalHttpsRequest = https.request;
function edgeHttpsRequest(...args) {
  let [url, options, callback] = args;
  if (typeof url === "string" || url instanceof URL) {
    if (typeof options === "function") [options, callback] = [{}, options];
    const u = new URL(url);
    options = { ...options, protocol: u.protocol, hostname: u.hostname, port: u.port, path: `${u.pathname}${u.search}` };
  } else {
    [options, callback] = [url, options];
  }
  const hostname = options.hostname ?? options.host?.split(":")[0];
  const target = hostname && targetFor(hostname);
  if (!target) return originalHttpsRequest.apply(https, args);
  const { agent: _agent, ...rest } = options;
  return http.request(
    {
      ...rest,
      protocol: "http:",
      hostname: target.hostname,
      host: undefined,
      port: target.port,
      headers: { ...(options.headers ?? {}), "X-Forwarded-Host": hostname, "X-Forwarded-Proto": "https" },
    },
    callback,
  );
}
https.request = edgeHttpsRequest;
https.get = (...args) => {
  const req = edgeHttpsRequest(...args);
  req.end();
  return req;
};
