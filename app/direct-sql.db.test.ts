// directSql (db.server.ts) writes and reads rows exactly as Prisma does, on both databases:
// bound parameters (never interpolated), dates, booleans, nulls and integers.
import { describe, expect, it } from "vitest";
import { db, directSql } from "~/db.server";
import { newRowId } from "~/lib/ids.server";
import { uniqueShop } from "../test/helpers";

describe("directSql", () => {
  it("inserts a row Prisma reads back field for field, dates to the millisecond", async () => {
    const shop = uniqueShop().domain;
    const at = new Date("2026-03-08T07:30:15.123Z"); // a DST change in the US: no local-time shift
    await db.shop.create({ data: { shop, programEnabled: true } });
    const survey = await db.survey.create({ data: { shop, key: "k", version: 1, title: "T" } });
    const id = newRowId();
    const changed = await directSql(db).execute`
      INSERT INTO "SurveyResponse" ("id", "shop", "surveyId", "answers", "currentStep", "shopperId", "placement", "source", "createdAt", "updatedAt")
      VALUES (${id}, ${shop}, ${survey.id}, ${'{"q":"it\'s"}'}, ${2}, ${null}, ${"fab"}, ${"direct"}, ${at}, ${at})`;
    expect(changed).toBe(1);
    const row = await db.surveyResponse.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ shop, surveyId: survey.id, answers: '{"q":"it\'s"}', currentStep: 2, shopperId: null, placement: "fab", source: "direct" });
    expect(row.createdAt.toISOString()).toBe(at.toISOString());
    // …and Prisma's own date filters match it.
    expect(await db.surveyResponse.count({ where: { id, createdAt: { gte: at, lte: at } } })).toBe(1);
  });

  it("binds values as parameters: quotes and SQL in a value are data", async () => {
    const shop = uniqueShop().domain;
    const name = `O'Brien"; DROP TABLE "Shop"; --`;
    await db.shop.create({ data: { shop, name, programEnabled: false } });
    const rows = await directSql(db).query<{ name: string; programEnabled: unknown }>`SELECT "name", "programEnabled" FROM "Shop" WHERE "shop" = ${shop}`;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.name).toBe(name);
    expect(await directSql(db).query`SELECT "shop" FROM "Shop" WHERE "shop" = ${shop} AND "programEnabled" = ${true}`).toEqual([]);
    expect(await directSql(db).query`SELECT "shop" FROM "Shop" WHERE "shop" = ${shop} AND "programEnabled" = ${false}`).toEqual([{ shop }]);
  });

  it("is scoped to the same database (and PostgreSQL schema) as Prisma", async () => {
    const shop = uniqueShop().domain;
    await db.shop.create({ data: { shop } });
    const [row] = await directSql(db).query<{ count: number | bigint | string }>`SELECT COUNT(*) AS "count" FROM "Shop" WHERE "shop" = ${shop}`;
    expect(Number(row!.count)).toBe(1);
  });
});
