// The stand-in's contract and its live answers, checked against Twilio's real OpenAPI spec.
// The spec is reference data outside the repository; without it these tests are skipped.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listEnvelopeFields, operations, resourceSchemas, type OperationContract } from "./contract";
import { startTwilio, type TwilioSandbox } from "./server";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const specPath = path.resolve(repoRoot, "../shared/data/twilio/twilio_api_v2010.openapi.json");
const specPresent = existsSync(specPath);
if (!specPresent) console.warn(`Twilio contract tests skipped: ${specPath} not found (reference data, not part of the repository).`);

interface Schema {
  type?: string;
  format?: string;
  nullable?: boolean;
  enum?: string[];
  $ref?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  required?: string[];
}
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
}
interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const spec: Spec | null = specPresent ? (JSON.parse(readFileSync(specPath, "utf8")) as Spec) : null;

function resolve(schema: Schema): Schema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace("#/components/schemas/", "");
  return spec!.components.schemas[name];
}

function specOperation(op: OperationContract): Operation {
  const operation = spec!.paths[op.path]?.[op.method.toLowerCase()];
  expect(operation, `${op.method} ${op.path} in the spec`).toBeDefined();
  return operation;
}

function formSchema(operation: Operation): Schema {
  return operation.requestBody!.content["application/x-www-form-urlencoded"].schema;
}

/** Problems with `value` against `schema` (types, nullability, enums, RFC 2822 dates), by JSON path. */
function conformance(value: unknown, schema: Schema, at: string): string[] {
  const s = resolve(schema);
  if (value === null) return s.nullable || schema.nullable ? [] : [`${at}: null but not nullable`];
  const problems: string[] = [];
  const type = s.type;
  const actual = Array.isArray(value) ? "array" : typeof value;
  const typeOk =
    type === undefined ||
    (type === "integer" ? Number.isInteger(value) : type === "number" ? typeof value === "number" : type === actual);
  if (!typeOk) problems.push(`${at}: ${JSON.stringify(value)} is not ${type}`);
  if (s.enum && !s.enum.includes(value as string)) problems.push(`${at}: ${JSON.stringify(value)} not in ${s.enum.join("|")}`);
  if (s.format === "date-time-rfc-2822" && !/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/.test(String(value)))
    problems.push(`${at}: ${String(value)} is not RFC 2822`);
  if (type === "object" && s.properties && actual === "object") {
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      // Capabilities and subresource maps are open-ended in the spec; check only what it names.
      if (s.properties[key]) problems.push(...conformance(v, s.properties[key], `${at}.${key}`));
      else if (s.format !== "uri-map") problems.push(`${at}.${key}: not in the spec`);
    }
  }
  if (type === "array" && s.items && Array.isArray(value)) value.forEach((item, i) => problems.push(...conformance(item, s.items!, `${at}[${i}]`)));
  return problems;
}

describe.skipIf(!specPresent)(`contract vs the Twilio OpenAPI spec (${path.relative(repoRoot, specPath)})`, () => {
  const entries = Object.entries(operations) as [string, OperationContract][];

  it.each(entries)("%s: path, method, parameter names and success status exist in the spec", (_id, op) => {
    const operation = specOperation(op);
    const pathParams = [...op.path.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => m[1]);
    const specPathParams = (operation.parameters ?? []).filter((p) => p.in === "path").map((p) => p.name);
    expect(pathParams.sort()).toEqual(specPathParams.sort());
    const specNames =
      op.method === "POST" ? Object.keys(formSchema(operation).properties ?? {}) : (operation.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name);
    for (const name of op.params) expect(specNames, `${name} is a ${op.method} parameter of ${op.path}`).toContain(name);
    for (const rule of op.required) for (const name of rule.anyOf) expect(specNames).toContain(name);
    expect(Object.keys(operation.responses)).toContain(String(op.successStatus));
  });

  it.each(entries.filter(([, op]) => op.method === "POST"))("%s: enforces every parameter the spec requires", (_id, op) => {
    const required = formSchema(specOperation(op)).required ?? [];
    const enforcedAlone = op.required.filter((rule) => rule.anyOf.length === 1).map((rule) => rule.anyOf[0]);
    for (const name of required) expect(enforcedAlone).toContain(name);
  });

  it.each(Object.entries(resourceSchemas))("%s: fields are exactly the spec schema's properties", (_name, { schema, fields }) => {
    const properties = Object.keys(spec!.components.schemas[schema].properties ?? {});
    expect([...fields].sort()).toEqual(properties.sort());
  });

  it.each(entries.filter(([, op]) => op.resource))("%s: response schema is the contract's resource or list", (_id, op) => {
    const schema = resolve(specOperation(op).responses[String(op.successStatus)].content!["application/json"].schema);
    const resource = resourceSchemas[op.resource!].schema;
    if (op.listKey) {
      expect(Object.keys(schema.properties!).sort()).toEqual([...listEnvelopeFields, op.listKey].sort());
      expect(schema.properties![op.listKey].items!.$ref).toBe(`#/components/schemas/${resource}`);
    } else {
      expect(resource).toBe((specOperation(op).responses[String(op.successStatus)].content!["application/json"].schema.$ref ?? "").replace("#/components/schemas/", ""));
    }
  });

  describe("live answers conform to the spec's response schemas", () => {
    const accountSid = "AC" + "0123456789abcdef".repeat(2);
    const authToken = "contract_token";
    let standIn: TwilioSandbox;
    beforeAll(async () => {
      standIn = await startTwilio({ accountSid, authToken, statusDelaysMs: { sent: 5, delivered: 5 }, log: () => {} });
    });
    afterAll(() => standIn.close());

    async function call(op: OperationContract, pathValues: Record<string, string>, params: Record<string, string> = {}) {
      const urlPath = op.path.replace(/\{([A-Za-z]+)\}/g, (_, name: string) => pathValues[name] ?? accountSid);
      const query = new URLSearchParams(params).toString();
      const response = await fetch(`${standIn.url}${urlPath}${op.method === "GET" && query ? `?${query}` : ""}`, {
        method: op.method,
        headers: { Authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`, "Content-Type": "application/x-www-form-urlencoded" },
        body: op.method === "POST" ? query : undefined,
      });
      expect(response.status).toBe(op.successStatus);
      const body = await response.json();
      const schema = specOperation(op).responses[String(op.successStatus)].content!["application/json"].schema;
      expect(conformance(body, schema, op.path)).toEqual([]);
      return body;
    }

    it("Messages: create (plain, service, media), fetch, list", async () => {
      const plain = await call(operations.createMessage, {}, { To: "+14155550100", From: "+14155550199", Body: "hello", StatusCallback: "http://127.0.0.1:1/s" });
      await call(operations.createMessage, {}, { To: "+14155550100", MessagingServiceSid: "MG" + "a".repeat(32), Body: "svc" });
      await call(operations.createMessage, {}, { To: "+14155550100", From: "+14155550199", MediaUrl: `${standIn.url}/media/sample.png` });
      await call(operations.fetchMessage, { Sid: plain.sid });
      await standIn.simulateInbound({ from: "+12125550123", to: "+14155550199", body: "inbound" });
      await standIn.settled();
      const list = await call(operations.listMessages, {}, { PageSize: "2" });
      expect(list.messages).toHaveLength(2);
      expect(list.next_page_uri).not.toBeNull();
      const undelivered = await call(operations.createMessage, {}, { To: "+15005550030", From: "+14155550199", Body: "x" });
      await standIn.settled();
      const failed = await call(operations.fetchMessage, { Sid: undelivered.sid });
      expect(failed.error_code).toBe(30003);
    });

    it("AvailablePhoneNumbers: Local and TollFree", async () => {
      const local = await call(operations.listAvailableLocal, { CountryCode: "US" }, { AreaCode: "415", PageSize: "3" });
      expect(local.available_phone_numbers).toHaveLength(3);
      const tollFree = await call(operations.listAvailableTollFree, { CountryCode: "US" }, { PageSize: "3" });
      expect(tollFree.available_phone_numbers).toHaveLength(3);
    });

    it("IncomingPhoneNumbers: create, list, fetch, update", async () => {
      const created = await call(operations.createIncomingPhoneNumber, {}, { AreaCode: "206", SmsUrl: "https://example.com/sms" });
      await call(operations.listIncomingPhoneNumbers, {}, { PhoneNumber: created.phone_number });
      await call(operations.fetchIncomingPhoneNumber, { Sid: created.sid });
      await call(operations.updateIncomingPhoneNumber, { Sid: created.sid }, { FriendlyName: "renamed" });
    });
  });
});
