import { describe, expect, it } from "vitest";
import {
  HELP_KEYWORDS,
  OPT_IN_KEYWORDS,
  OPT_OUT_KEYWORDS,
  OPT_OUT_WHOLE_PHRASES,
  classifyInbound,
  normalizeInbound,
} from "./inbound-keywords.server";

describe("classifyInbound: keywords", () => {
  it("exports the CTIA lists", () => {
    expect([...OPT_OUT_KEYWORDS]).toEqual(["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"]);
    expect([...OPT_IN_KEYWORDS]).toEqual(["START", "UNSTOP", "YES"]);
    expect([...HELP_KEYWORDS]).toEqual(["HELP", "INFO"]);
  });

  describe.each(OPT_OUT_KEYWORDS)("%s", (keyword) => {
    const lower = keyword.toLowerCase();
    const title = lower[0].toUpperCase() + lower.slice(1);
    it.each([keyword, lower, title, `${title}.`, ` ${lower}!! `, `${keyword} 🙏`, `\n${keyword}\n`, `"${lower}"`, `please ${lower}`, `${lower} ${lower}`])(
      "opts out on %j",
      (body) => {
        expect(classifyInbound(body)).toEqual({ kind: "opt_out", keyword });
      },
    );
  });

  it.each(OPT_IN_KEYWORDS)("opts in on %s in any case and punctuation", (keyword) => {
    for (const body of [keyword, keyword.toLowerCase(), ` ${keyword.toLowerCase()}! `, `${keyword} 👍`]) {
      expect(classifyInbound(body)).toEqual({ kind: "opt_in", keyword });
    }
  });

  it.each(HELP_KEYWORDS)("asks for help on %s", (keyword) => {
    for (const body of [keyword, keyword.toLowerCase(), `${keyword.toLowerCase()}?`, ` ${keyword}!! `]) {
      expect(classifyInbound(body)).toEqual({ kind: "help", keyword });
    }
  });
});

describe("classifyInbound: phrases", () => {
  it.each([
    ["stop texting me", "stop texting me"],
    ["Stop texting me!!", "stop texting me"],
    ["Please stop texting me, I never signed up", "stop texting me"],
    ["can you stop messaging me", "stop messaging me"],
    ["STOP MESSAGING ME", "stop messaging me"],
    ["quit texting me", "quit texting me"],
    ["stop sending me these texts", "stop sending me"],
    ["stop sending texts", "stop sending texts"],
    ["please stop", "STOP"],
    ["Stop please 🙏", "STOP"],
    ["stop now", "STOP"],
    ["STOP ALL", "stop all"],
    ["take me off your list", "take me off your list"],
    ["Take me off your mailing list please", "take me off your mailing list"],
    ["remove me", "remove me"],
    ["Remove me.", "remove me"],
    ["remove me from your list", "remove me from your list"],
    ["unsubscribe me", "unsubscribe me"],
    ["Unsubscribe me please", "unsubscribe me"],
    ["do not text me", "do not text me"],
    ["Don't text me", "dont text me"],
    ["don’t text me again!", "dont text me again"],
    ["dont message me anymore", "dont message me anymore"],
    ["no más", "no mas"],
    ["No mas!", "no mas"],
    ["NO MÁS por favor", "no mas"],
    ["no me escribas", "no me escribas"],
    ["wrong number", "wrong number"],
    ["Sorry, wrong number", "wrong number"],
    ["You have the wrong number", "you have the wrong number"],
    ["opt out", "opt out"],
    ["Opt-out", "opt out"],
    ["OPT-OUT!", "opt out"],
    ["opt me out", "opt me out"],
    ["I want to opt out", "i want to opt out"],
    ["leave me alone", "leave me alone"],
    ["STOP. I never signed up for this", "STOP"],
    ["Stop! who is this", "STOP"],
    ["unsubscribe, thanks for nothing", "UNSUBSCRIBE"],
    ["Stop 🙏 I'm good", "STOP"],
  ])("opts out on %j", (body, keyword) => {
    expect(classifyInbound(body)).toEqual({ kind: "opt_out", keyword });
  });

  it("every whole-message phrase opts out", () => {
    for (const phrase of OPT_OUT_WHOLE_PHRASES) expect(classifyInbound(phrase).kind).toBe("opt_out");
  });
});

describe("classifyInbound: ordinary messages", () => {
  it.each([
    "I can't stop using this serum",
    "I cant stop using this serum!",
    "when does the sale end?",
    "End of the day works for me",
    "cancel my order #1234",
    "Cancel, I changed my mind about the order",
    "Can I cancel my subscription order?",
    "Stop by the store on Friday?",
    "stopped by yesterday, loved it",
    "please don't stop texting me, I love the tips",
    "don't stop sending me texts",
    "Don't text me before 9am please",
    "quite nice",
    "I'll quit my old moisturizer",
    "help me pick a cleanser",
    "yes please send the link and the info",
    "is the info on the site right?",
    "start with the toner?",
    "the number on my order is wrong",
    "unsubscribed from emails already, texts are fine",
    "🙏",
    "",
    "   ",
    "ok",
    "please",
  ])("%j is a message", (body) => {
    expect(classifyInbound(body)).toEqual({ kind: "message" });
  });
});

describe("normalizeInbound", () => {
  it("drops accents, apostrophes, punctuation and emoji", () => {
    expect(normalizeInbound("  Don’t TEXT me!!! 🙅‍♀️ ")).toBe("dont text me");
    expect(normalizeInbound("No MÁS")).toBe("no mas");
    expect(normalizeInbound("opt-out")).toBe("opt out");
  });
});
