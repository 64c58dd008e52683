// SMS segment count as carriers bill it: GSM-7 (160 alone, 153 per part when concatenated;
// extension characters take two septets and are never split) or UCS-2 (70 alone, 67 per
// part; surrogate pairs are never split).

const gsm7Basic = new Set(
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà",
);
const gsm7Extension = new Set("\f^{}\\[~]|€");

export type SmsEncoding = "GSM-7" | "UCS-2";

export function smsEncoding(body: string): SmsEncoding {
  for (const char of body) if (!gsm7Basic.has(char) && !gsm7Extension.has(char)) return "UCS-2";
  return "GSM-7";
}

/** Units per character: septets for GSM-7, UTF-16 code units for UCS-2. */
function characterUnits(body: string, encoding: SmsEncoding): number[] {
  return Array.from(body, (char) => (encoding === "GSM-7" ? (gsm7Extension.has(char) ? 2 : 1) : char.length));
}

export function countSegments(body: string): number {
  if (body.length === 0) return 1;
  const encoding = smsEncoding(body);
  const units = characterUnits(body, encoding);
  const total = units.reduce((sum, n) => sum + n, 0);
  const single = encoding === "GSM-7" ? 160 : 70;
  if (total <= single) return 1;
  const perPart = encoding === "GSM-7" ? 153 : 67;
  let segments = 1;
  let used = 0;
  for (const n of units) {
    if (used + n > perPart) {
      segments += 1;
      used = 0;
    }
    used += n;
  }
  return segments;
}
