// Classifies an inbound text as opt-out, opt-in, help or an ordinary message.
// Keywords count only as the whole message (CTIA): "STOP", " stop!! ", "STOP 🙏", "stop please".
// Clear phrases ("stop texting me", "take me off your list") count anywhere in the message,
// because the law honours revocation "by any reasonable means"; words that merely appear
// in an ordinary message ("I can't stop using this serum", "cancel my order #1234") don't.

export type InboundKind = "opt_out" | "opt_in" | "help" | "message";

export interface InboundClassification {
  kind: InboundKind;
  /** The keyword (upper case, e.g. "STOP") or the normalised phrase that matched. */
  keyword?: string;
}

export const OPT_OUT_KEYWORDS = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"] as const;
/**
 * YES re-subscribes only a shopper who is opted out; for anyone else "yes" is a reply to
 * their expert and the caller should route it as a message.
 */
export const OPT_IN_KEYWORDS = ["START", "UNSTOP", "YES"] as const;
export const HELP_KEYWORDS = ["HELP", "INFO"] as const;

/** Short phrases that opt out when they are (nearly) the whole message. */
export const OPT_OUT_WHOLE_PHRASES = [
  "stop all",
  "opt out",
  "opt me out",
  "remove me",
  "remove",
  "unsubscribe me",
  "no mas",
  "no more texts",
  "no more messages",
  "wrong number",
  "you have the wrong number",
  "leave me alone",
  "stop texting",
  "stop messaging",
  "stop sending",
] as const;

/** Unambiguous phrases that opt out wherever they appear (unless negated: "don't stop texting me"). */
export const OPT_OUT_PHRASE_PATTERNS: readonly RegExp[] = [
  /\b(?:stop|quit) (?:texting|txting|messaging|msging|sending|contacting|spamming|bothering|harassing) (?:me|us|this number|my number)\b/,
  /\bstop sending (?:me )?(?:these |your |any )?(?:texts?|messages?|sms)\b/,
  /\b(?:do not|dont|never) (?:text|txt|message|msg|contact|sms) (?:me|this number|my number)(?: again| anymore| any more| ever again)? *$/,
  /\btake (?:me|my number|this number) off (?:of )?(?:your|this|the|ur) (?:\w+ )?list\b/,
  /\bremove (?:me|my number|this number) from (?:your|this|the|ur) (?:\w+ )?(?:list|texts|messages)\b/,
  /\bunsubscribe me\b/,
  /\bopt me out\b/,
  /\bi (?:want|would like|wd like|d like) to (?:opt out|unsubscribe)\b/,
  /\bno mas (?:mensajes|textos)\b/,
  /\bno me (?:escribas|escriban|envies|envien|mandes|manden)\b/,
];

// A negation right before a phrase flips its meaning ("please don't stop texting me").
const NEGATION_BEFORE = /\b(?:dont|do not|never|cant|cannot|can not|wont|will not|didnt|did not|not)\s*$/;

// An unambiguous keyword opening the text as its own sentence: "STOP. I never signed up".
// CANCEL, END and QUIT are left out: "Cancel, I changed my mind" is about an order.
const LEADING_KEYWORD_SENTENCE =
  /^[^\p{L}\p{N}]*(?:(?:please|pls|plz|ok|okay|sorry)[\s,]+)?(stop ?all|stop|unsubscribe|opt[- ]?out|revoke)\s*(?:[.!,;:\n]|\p{Extended_Pictographic})/u;

// Politeness and filler that may surround a keyword without changing it.
const LEADING_FILLER = new Set(["please", "pls", "plz", "ok", "okay", "sorry", "just", "hey", "hi", "hello"]);
const TRAILING_FILLER = new Set(["please", "pls", "plz", "now", "thanks", "thx", "ty", "asap", "already", "immediately"]);

/** Lower-case words with accents, punctuation, emoji and apostrophes removed. */
export function normalizeInbound(body: string): string {
  return body
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/['’‘`]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .replace(/\bthank you\b/g, "thanks")
    .replace(/\bpor favor\b/g, "please")
    .trim();
}

// Accents and apostrophes removed, punctuation kept.
function lightlyNormalized(body: string): string {
  return body.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/['’‘`]/g, "");
}

// "please STOP STOP now" → "stop": drop filler at both ends and repeated words.
function coreWords(normalized: string): string {
  const words = normalized.split(" ").filter(Boolean);
  while (words.length > 1 && LEADING_FILLER.has(words[0])) words.shift();
  while (words.length > 1 && TRAILING_FILLER.has(words[words.length - 1])) words.pop();
  return words.filter((word, i) => word !== words[i - 1]).join(" ");
}

const OPT_OUT_WORDS = new Set<string>(OPT_OUT_KEYWORDS.map((k) => k.toLowerCase()));
const OPT_IN_WORDS = new Set<string>(OPT_IN_KEYWORDS.map((k) => k.toLowerCase()));
const HELP_WORDS = new Set<string>(HELP_KEYWORDS.map((k) => k.toLowerCase()));
const WHOLE_PHRASES = new Set<string>(OPT_OUT_WHOLE_PHRASES);

export function classifyInbound(body: string): InboundClassification {
  const normalized = normalizeInbound(body);
  if (!normalized) return { kind: "message" };
  const core = coreWords(normalized);

  if (OPT_OUT_WORDS.has(core)) return { kind: "opt_out", keyword: core.toUpperCase() };
  if (WHOLE_PHRASES.has(core)) return { kind: "opt_out", keyword: core };
  if (OPT_IN_WORDS.has(core)) return { kind: "opt_in", keyword: core.toUpperCase() };
  if (HELP_WORDS.has(core)) return { kind: "help", keyword: core.toUpperCase() };

  for (const pattern of OPT_OUT_PHRASE_PATTERNS) {
    for (const match of normalized.matchAll(new RegExp(pattern.source, "g"))) {
      if (!NEGATION_BEFORE.test(normalized.slice(0, match.index))) return { kind: "opt_out", keyword: match[0].trim() };
    }
  }

  const leading = LEADING_KEYWORD_SENTENCE.exec(lightlyNormalized(body));
  if (leading) return { kind: "opt_out", keyword: leading[1].replace(/[- ]/g, "").toUpperCase() };
  return { kind: "message" };
}
