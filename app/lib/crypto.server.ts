// AES-256-GCM with ENCRYPTION_KEY, for PII in job data and payloads at rest.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

const VERSION = "v1";

function keyBytes(hexKey: string): Buffer {
  return Buffer.from(hexKey, "hex");
}

export function encrypt(plaintext: string, hexKey: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyBytes(hexKey), iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString("base64url"), tag.toString("base64url"), body.toString("base64url")].join(".");
}

export function decrypt(sealed: string, hexKey: string): string {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || body === undefined) throw new Error("not an encrypted value");
  const decipher = createDecipheriv("aes-256-gcm", keyBytes(hexKey), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}

export function encryptJson(value: unknown, hexKey: string): string {
  return encrypt(JSON.stringify(value), hexKey);
}

export function decryptJson<T>(sealed: string, hexKey: string): T {
  return JSON.parse(decrypt(sealed, hexKey)) as T;
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
