// The sandbox's fixed identity (a demo shop and app credentials) and its ports. Every port
// is SANDBOX_BASE_PORT + an offset, so a second sandbox (e.g. the e2e suite) can run beside one.
import { randomBytes } from "node:crypto";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = resolve(fileURLToPath(new URL("..", import.meta.url)));

export function sandboxConfig(basePort = Number(process.env.SANDBOX_BASE_PORT ?? 4400)) {
  const port = (offset: number) => basePort + offset;
  const ui = `http://127.0.0.1:${port(0)}`;
  return {
    shop: "lumen-leaf.myshopify.com",
    shopName: "lumen-leaf",
    apiKey: "sandbox-concierge-api-key",
    apiSecret: "sandbox-concierge-api-secret",
    twilioAccountSid: "AC5a4db0c0ffee0000000000000000c0de",
    twilioAuthToken: "sandbox_twilio_auth_token_0123",
    scopes: "read_products,read_orders,read_customers,write_customers,read_discounts,write_discounts,read_fulfillments,write_app_proxy",
    encryptionKey: process.env.SANDBOX_ENCRYPTION_KEY ?? randomBytes(32).toString("hex"),
    dataDir: resolve(repoRoot, process.env.SANDBOX_DATA_DIR ?? ".sandbox"),
    ports: {
      ui: port(0),
      app: port(1), // the app's public URL (the edge in front of it)
      appInternal: port(2),
      shopify: port(3),
      twilio: port(4),
      smtp: port(5),
      mail: port(6),
      redis: port(7),
    },
    urls: {
      ui,
      app: `http://127.0.0.1:${port(1)}`,
      appInternal: `http://127.0.0.1:${port(2)}`,
      shopify: `http://127.0.0.1:${port(3)}`,
      twilio: `http://127.0.0.1:${port(4)}`,
      smtp: `smtp://127.0.0.1:${port(5)}`,
      mail: `http://127.0.0.1:${port(6)}`,
    },
  };
}

export type SandboxConfig = ReturnType<typeof sandboxConfig>;
