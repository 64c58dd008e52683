// App-data metafields: `metafieldsSet` on the calling app's own AppInstallation, with the
// checks Shopify makes on each input (owner, namespace, key, type, value), the typed value
// (`jsonValue`, Liquid's `.value`) and `compareDigest`.
import { createHash } from "node:crypto";
import { gid, parseGid, type AppMetafield } from "./records";

export interface MetafieldsSetInput {
  ownerId: string;
  namespace?: string | null;
  key: string;
  value: string;
  type?: string | null;
  compareDigest?: string | null;
}

export type MetafieldsSetUserErrorCode =
  | "BLANK" | "INCLUSION" | "INVALID_TYPE" | "INVALID_VALUE" | "INVALID_COMPARE_DIGEST" | "STALE_OBJECT"
  | "LESS_THAN_OR_EQUAL_TO" | "TOO_LONG" | "TOO_SHORT" | "APP_NOT_AUTHORIZED";

export interface MetafieldsSetUserError {
  field: string[] | null;
  message: string;
  code: MetafieldsSetUserErrorCode;
  elementIndex: number | null;
}

/** Documented: at most 25 metafields per call, and the call is atomic. */
export const MAX_METAFIELDS_PER_SET = 25;

// Size limits in bytes (API 2026-04 and later: json 128 KB; most other types 64 KB).
const JSON_MAX_BYTES = 128 * 1024;
const DEFAULT_MAX_BYTES = 64 * 1024;
const SHORT_MAX_BYTES: Record<string, number> = { id: 2048, url: 2048 };

const BASIC_TYPES = [
  "boolean", "color", "date", "date_time", "dimension", "id", "json", "link", "money", "multi_line_text_field",
  "number_decimal", "number_integer", "rating", "rich_text_field", "single_line_text_field", "url", "volume", "weight",
  "collection_reference", "customer_reference", "file_reference", "metaobject_reference", "mixed_reference",
  "page_reference", "product_reference", "variant_reference",
];
const LIST_TYPES = BASIC_TYPES.filter((t) => !["boolean", "json", "money", "multi_line_text_field", "rich_text_field", "id"].includes(t)).map((t) => `list.${t}`);
export const METAFIELD_TYPES: ReadonlySet<string> = new Set([...BASIC_TYPES, ...LIST_TYPES]);

const NAME_CHARS = /^[A-Za-z0-9_-]+$/;

/** "$app" and "$app:suffix" resolve to the app's reserved namespace, as Shopify does. */
export function resolveNamespace(namespace: string | null | undefined, appId: number): string {
  const given = namespace ?? "$app";
  if (given === "$app") return `app--${appId}`;
  if (given.startsWith("$app:")) return `app--${appId}--${given.slice(5)}`;
  return given;
}

export function compareDigest(metafield: Pick<AppMetafield, "value" | "type">): string {
  return createHash("sha256").update(`${metafield.type}\u0000${metafield.value}`).digest("hex");
}

/** The value in its type: an object for json, a boolean, a number; strings stay strings. */
export function typedValue(metafield: Pick<AppMetafield, "value" | "type">): unknown {
  switch (metafield.type) {
    case "json":
      return JSON.parse(metafield.value);
    case "boolean":
      return metafield.value === "true";
    case "number_integer":
    case "number_decimal":
      return Number(metafield.value);
    default:
      return metafield.type.startsWith("list.") ? JSON.parse(metafield.value) : metafield.value;
  }
}

function invalidValue(type: string, value: string): string | null {
  switch (type) {
    case "json":
      try {
        JSON.parse(value);
        return null;
      } catch (error) {
        return `Value is invalid JSON: ${(error as Error).message}.`;
      }
    case "boolean":
      return value === "true" || value === "false" ? null : "Value must be true or false.";
    case "number_integer":
      return /^-?\d+$/.test(value) ? null : "Value must be an integer.";
    case "number_decimal":
      return /^-?\d+(\.\d+)?$/.test(value) ? null : "Value must be a decimal.";
    default:
      if (!type.startsWith("list.")) return null;
      try {
        return Array.isArray(JSON.parse(value)) ? null : "Value must be a JSON array.";
      } catch {
        return "Value must be a JSON array.";
      }
  }
}

export interface ValidatedMetafield {
  namespace: string;
  key: string;
  type: string;
  value: string;
}

/**
 * Checks every input; returns the metafields to write, or the user errors (then nothing may be
 * written). `existing` finds the current metafield for an owner/namespace/key.
 */
export function validateMetafieldsSet(
  inputs: MetafieldsSetInput[],
  owner: { appInstallationId: number; appId: number },
  existing: (namespace: string, key: string) => AppMetafield | undefined,
): { ok: true; metafields: ValidatedMetafield[] } | { ok: false; userErrors: MetafieldsSetUserError[] } {
  const userErrors: MetafieldsSetUserError[] = [];
  if (inputs.length > MAX_METAFIELDS_PER_SET) {
    userErrors.push({
      field: ["metafields"],
      message: `Exceeded the maximum metafields input limit of ${MAX_METAFIELDS_PER_SET}.`,
      code: "LESS_THAN_OR_EQUAL_TO",
      elementIndex: null,
    });
    return { ok: false, userErrors };
  }

  const metafields: ValidatedMetafield[] = [];
  inputs.forEach((input, index) => {
    const at = (name: string) => ["metafields", String(index), name];
    const fail = (name: string, message: string, code: MetafieldsSetUserErrorCode) => {
      userErrors.push({ field: at(name), message, code, elementIndex: index });
    };
    const errorsBefore = userErrors.length;

    const ownerGid = parseGid(input.ownerId);
    if (ownerGid?.type !== "AppInstallation" || ownerGid.id !== owner.appInstallationId) {
      // Another app's installation, or any other owner: this stand-in only holds app-data metafields.
      fail("ownerId", ownerGid?.type === "AppInstallation" ? "ApiPermission metafields can only be created or updated by the app owner." : `Owner ${input.ownerId} is not an app installation this stand-in serves.`, ownerGid?.type === "AppInstallation" ? "APP_NOT_AUTHORIZED" : "INVALID_VALUE");
    }

    const namespace = resolveNamespace(input.namespace, owner.appId);
    if (input.namespace != null) {
      const bare = input.namespace.startsWith("$app:") ? input.namespace.slice(5) : input.namespace;
      if (input.namespace !== "$app" && bare.length < 3) fail("namespace", "Namespace is too short (minimum is 3 characters)", "TOO_SHORT");
      else if (bare.length > 255) fail("namespace", "Namespace is too long (maximum is 255 characters)", "TOO_LONG");
      else if (input.namespace !== "$app" && !NAME_CHARS.test(bare)) {
        fail("namespace", "Namespace contains one or more invalid characters.", "INVALID_VALUE");
      }
    }

    if (input.key.length < 2) fail("key", "Key is too short (minimum is 2 characters)", "TOO_SHORT");
    else if (input.key.length > 64) fail("key", "Key is too long (maximum is 64 characters)", "TOO_LONG");
    else if (!NAME_CHARS.test(input.key)) fail("key", "Key contains one or more invalid characters.", "INVALID_VALUE");

    const current = existing(namespace, input.key);
    // No definitions in the stand-in: a new metafield needs its type; an update may keep the old one.
    const type = input.type ?? current?.type;
    if (!type) fail("type", "Type can't be blank", "BLANK");
    else if (!METAFIELD_TYPES.has(type)) fail("type", `Type '${type}' is not a valid metafield type.`, "INVALID_TYPE");
    else {
      const max = type === "json" ? JSON_MAX_BYTES : (SHORT_MAX_BYTES[type] ?? DEFAULT_MAX_BYTES);
      if (input.value === "") fail("value", "Value can't be blank", "BLANK");
      else if (Buffer.byteLength(input.value) > max) fail("value", `Value is too long (maximum is ${max} bytes)`, "TOO_LONG");
      else {
        const problem = invalidValue(type, input.value);
        if (problem) fail("value", problem, "INVALID_VALUE");
      }
    }

    // compareDigest: present and null means "only if it doesn't exist yet".
    if (input.compareDigest !== undefined) {
      const expected = current ? compareDigest(current) : null;
      if (input.compareDigest !== null && !/^[0-9a-f]{64}$/.test(input.compareDigest)) {
        fail("compareDigest", "The compareDigest is invalid.", "INVALID_COMPARE_DIGEST");
      } else if (input.compareDigest !== expected) {
        fail("compareDigest", "The resource has been updated since it was loaded. Try again with an updated `compareDigest` value.", "STALE_OBJECT");
      }
    }

    if (userErrors.length === errorsBefore && type) metafields.push({ namespace, key: input.key, type, value: input.value });
  });
  return userErrors.length ? { ok: false, userErrors } : { ok: true, metafields };
}

export const appInstallationGid = (id: number) => gid("AppInstallation", id);
