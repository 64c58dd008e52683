// Ids for rows inserted with raw SQL (where Prisma's @default(cuid()) doesn't run):
// 128 random bits as 32 lowercase hex characters, the same [a-z0-9] alphabet as a cuid, so
// everything that accepts an id (survey tokens, URLs) accepts either.
import { randomUUID } from "node:crypto";

export const newRowId = () => randomUUID().replaceAll("-", "");
