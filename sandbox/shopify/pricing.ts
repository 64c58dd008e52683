// How checkout prices an order's discounts: each discount's cents off per line, and which
// discounts apply together (all if they combine, otherwise the single best saving).
import { discountClass, toCents, type Discount, type LineItem } from "./records";

/** Whether `a` allows being combined with `b` (both are product or order discounts here). */
function combinesFor(a: Discount, b: Discount): boolean {
  return discountClass(b) === "PRODUCT" ? a.combinesWith.productDiscounts : a.combinesWith.orderDiscounts;
}

/** Cents off each line for one discount (0 where it doesn't reach or its minimum isn't met). */
export function allocate(discount: Discount, lines: readonly LineItem[], reach: Set<number> | "all"): number[] {
  const eligible = lines.map((l) => reach === "all" || (l.productId !== null && reach.has(l.productId)));
  const lineTotals = lines.map((l) => toCents(l.unitPrice) * l.quantity);
  const eligibleTotal = lineTotals.reduce((sum, t, i) => sum + (eligible[i] ? t : 0), 0);
  if (discount.minimumSubtotal && eligibleTotal < toCents(discount.minimumSubtotal)) return lines.map(() => 0);
  if ("percentage" in discount.value) {
    const pct = discount.value.percentage;
    return lineTotals.map((t, i) => (eligible[i] ? Math.round(t * pct) : 0));
  }
  const amount = toCents(discount.value.amount);
  if (discount.value.appliesOnEachItem) return lines.map((l, i) => (eligible[i] ? Math.min(amount * l.quantity, lineTotals[i]) : 0));
  const off = Math.min(amount, eligibleTotal);
  return lineTotals.map((t, i) => (eligible[i] && eligibleTotal > 0 ? Math.round((off * t) / eligibleTotal) : 0));
}

/** The discounts that apply and each line's total discount in cents (never more than the line). */
export function applyDiscounts(
  lines: readonly LineItem[],
  candidates: readonly Discount[],
  reachOf: (discount: Discount) => Set<number> | "all",
): { applied: Discount[]; lineDiscounts: number[] } {
  const allocations = new Map(candidates.map((d) => [d, allocate(d, lines, reachOf(d))]));
  const saving = (d: Discount) => allocations.get(d)!.reduce((a, b) => a + b, 0);
  const combinable = candidates.every((a) => candidates.every((b) => a === b || (combinesFor(a, b) && combinesFor(b, a))));
  const applied = (combinable ? [...candidates] : [...candidates].sort((a, b) => saving(b) - saving(a)).slice(0, 1)).filter((d) => saving(d) > 0);
  const lineDiscounts = lines.map((line, i) => Math.min(toCents(line.unitPrice) * line.quantity, applied.reduce((sum, d) => sum + allocations.get(d)![i], 0)));
  return { applied, lineDiscounts };
}
