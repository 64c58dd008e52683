// What the storefront and the thank-you page need to know about the shop's program.
import type { Db } from "~/db.server";

export async function programStatus(db: Db, shop: string) {
  const [settings, experts] = await Promise.all([
    db.shop.findUnique({ where: { shop }, select: { programEnabled: true, uninstalledAt: true } }),
    db.expert.findMany({
      where: { shop, active: true },
      select: { id: true, name: true, photoUrl: true, availability: true, specialties: true },
      orderBy: { name: "asc" },
    }),
  ]);
  const enabled = Boolean(settings?.programEnabled && !settings.uninstalledAt);
  return {
    enabled,
    experts: enabled
      ? experts.map((e) => ({ ...e, specialties: JSON.parse(e.specialties) as string[], online: e.availability === "online" }))
      : [],
  };
}
