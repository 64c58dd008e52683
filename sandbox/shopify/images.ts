// Product pictures for the demo store: small deterministic SVGs, one colour per product and
// a container shape that fits its type (bottle, jar, tube, bar, box).

function hash(text: string): number {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h;
}

type Shape = "bottle" | "jar" | "tube" | "bar" | "box";

function shapeFor(productType: string): Shape {
  const type = productType.toLowerCase();
  if (/soap/.test(type)) return "bar";
  if (/set|soak|bath/.test(type)) return "box";
  if (/cream|butter|mask|balm|scrub/.test(type) && !/eye|lip|curl/.test(type)) return "jar";
  if (/cleanser|eye|lip|sunscreen|styling|hand/.test(type)) return "tube";
  return "bottle";
}

const SHAPES: Record<Shape, (fill: string, cap: string) => string> = {
  bottle: (fill, cap) => `<rect x="170" y="70" width="60" height="50" rx="8" fill="${cap}"/><rect x="135" y="115" width="130" height="210" rx="28" fill="${fill}"/>`,
  jar: (fill, cap) => `<rect x="110" y="150" width="180" height="40" rx="10" fill="${cap}"/><rect x="100" y="185" width="200" height="135" rx="24" fill="${fill}"/>`,
  tube: (fill, cap) => `<path d="M140 80 h120 l-20 200 h-80 z" fill="${fill}"/><rect x="165" y="275" width="70" height="45" rx="8" fill="${cap}"/>`,
  bar: (fill) => `<rect x="95" y="170" width="210" height="120" rx="40" fill="${fill}"/>`,
  box: (fill, cap) => `<rect x="100" y="120" width="200" height="200" rx="12" fill="${fill}"/><rect x="100" y="150" width="200" height="22" fill="${cap}"/>`,
};

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A 400×400 SVG for one product; the same product always gets the same picture. */
export function productImageSvg(product: { handle: string; title: string; productType: string }): string {
  const hue = hash(product.handle) % 360;
  const fill = `hsl(${hue} 45% 62%)`;
  const cap = `hsl(${hue} 35% 32%)`;
  const background = `hsl(${hue} 40% 94%)`;
  const initials = product.title.split(/\s+/).filter((w) => /^[A-Za-z]/.test(w)).slice(0, 2).map((w) => w[0]).join("").toUpperCase();
  const label = product.title.length > 28 ? `${product.title.slice(0, 27)}…` : product.title;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400" viewBox="0 0 400 400" role="img" aria-label="${escapeXml(product.title)}">`,
    `<rect width="400" height="400" fill="${background}"/>`,
    SHAPES[shapeFor(product.productType)](fill, cap),
    `<text x="200" y="250" text-anchor="middle" font-family="Georgia, serif" font-size="34" fill="#fff">${escapeXml(initials)}</text>`,
    `<text x="200" y="365" text-anchor="middle" font-family="Helvetica, Arial, sans-serif" font-size="20" fill="${cap}">${escapeXml(label)}</text>`,
    `</svg>`,
  ].join("");
}
