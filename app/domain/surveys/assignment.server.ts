// Who gets a new survey conversation:
//  1. a returning shopper goes to their expert (Shopper.expertId), if that expert is active;
//  2. otherwise the online, active expert with the fewest open conversations, among those
//     under their capacity; ties go to whoever was assigned least recently (never first);
//  3. nobody available: no expert; the conversation waits in the "unassigned" queue.
import type { Db } from "~/db.server";

export type AssignedExpert = { id: string; name: string; email: string | null; photoUrl: string | null; bio: string | null };
export type Assignment =
  | { expert: AssignedExpert; reason: "returning" | "least_loaded" }
  | { expert: null; reason: "none_available" };

const expertSelect = { id: true, name: true, email: true, photoUrl: true, bio: true } as const;

export async function chooseExpert(db: Db, shop: string, shopper: { expertId: string | null }): Promise<Assignment> {
  if (shopper.expertId) {
    const own = await db.expert.findFirst({ where: { shop, id: shopper.expertId, active: true }, select: expertSelect });
    if (own) return { expert: own, reason: "returning" };
  }
  const candidates = await db.expert.findMany({
    where: { shop, active: true, availability: "online" },
    select: {
      ...expertSelect,
      capacity: true,
      lastAssignedAt: true,
      createdAt: true,
      _count: { select: { conversations: { where: { status: { not: "closed" } } } } },
    },
  });
  const open = candidates
    .map((e) => ({ ...e, load: e._count.conversations }))
    .filter((e) => e.load < e.capacity)
    .sort(
      (a, b) =>
        a.load - b.load ||
        (a.lastAssignedAt?.getTime() ?? -Infinity) - (b.lastAssignedAt?.getTime() ?? -Infinity) ||
        a.createdAt.getTime() - b.createdAt.getTime() ||
        a.id.localeCompare(b.id),
    );
  const pick = open[0];
  if (!pick) return { expert: null, reason: "none_available" };
  return { expert: { id: pick.id, name: pick.name, email: pick.email, photoUrl: pick.photoUrl, bio: pick.bio }, reason: "least_loaded" };
}
