import { describe, expect, it } from "vitest";
import { agreedWords, capitalise, possessive, subject, voiceFor } from "./voice";

const leo = { givenName: "Leo", familyName: "Carter" };

describe("possessive", () => {
  it("adds 's, after an s too", () => {
    expect(possessive("Leo")).toBe("Leo's");
    expect(possessive("Margaret Collins")).toBe("Margaret Collins's");
    expect(possessive(" Leo ")).toBe("Leo's");
  });
});

describe("voiceFor", () => {
  it("speaks to the holder as you", () => {
    const v = voiceFor(leo, false);
    expect([v.you, v.your, v.Whose]).toEqual(["you", "your", "Your"]);
    expect(`What ${subject(v, "want")} to achieve`).toBe("What you want to achieve");
  });

  it("names the holder to someone acting for them", () => {
    const v = voiceFor(leo, true);
    expect([v.you, v.your, v.Whose, v.fullName]).toEqual(["Leo", "Leo's", "Leo Carter's", "Leo Carter"]);
    expect(`What ${subject(v, "want")} to achieve`).toBe("What Leo wants to achieve");
    expect(capitalise(subject(v, "have"))).toBe("Leo has");
    expect(subject(v, "are")).toBe("Leo is");
  });
});

describe("agreedWords", () => {
  it("names who agreed for the holder, to everyone", () => {
    const sam = { byName: "Sam Carter", byHolder: false };
    expect(agreedWords(sam, voiceFor(leo, true))).toBe("Sam Carter agreed for Leo Carter");
    expect(agreedWords(sam, voiceFor(leo, false))).toBe("Sam Carter agreed for you");
  });

  it("says the holder agreed themselves", () => {
    const own = { byName: "Leo Carter", byHolder: true };
    expect(agreedWords(own, voiceFor(leo, false))).toBe("You agreed to this plan");
    expect(agreedWords(own, voiceFor(leo, true))).toBe("Leo Carter agreed to this plan");
  });
});
