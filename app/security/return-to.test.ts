import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeReturnTo } from "./return-to";

const ORIGIN = "https://portal.example.nhs.uk";
const OTHER = "http://elsewhere.test:8080";

function hasControl(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f]|%[01][0-9a-f]|%7f/i.test(text);
}

const CONTROLS = [...Array.from({ length: 0x20 }, (_, code) => code), 0x7f];
const control = fc.constantFrom(...CONTROLS);
/** A control character as it might be smuggled in: raw, or percent-encoded in either case. */
const smuggled = fc.tuple(control, fc.constantFrom("raw", "upper", "lower")).map(([code, form]) => {
  if (form === "raw") return String.fromCharCode(code);
  const hex = code.toString(16).padStart(2, "0");
  return `%${form === "upper" ? hex.toUpperCase() : hex}`;
});

/** A path the portal itself would send someone back to, like /staff/holders/abc/plan?tab=2. */
const sitePath = fc
  .tuple(fc.array(fc.webSegment().filter((s) => s.length > 0)), fc.option(fc.webQueryParameters(), { nil: undefined }))
  .map(([segments, query]) => `/${segments.join("/")}${query === undefined ? "" : `?${query}`}`)
  // fast-check's segments may percent-encode a control character; no address of ours has one.
  .filter((path) => !hasControl(path));

/** Strings built from the pieces open-redirect tricks are made of. */
const tricky = fc
  .array(
    fc.oneof(
      fc.constantFrom("/", "\\", "%", ".", "@", ":", "?", "#", " ", "evil.example", "http:", "https:", "%2F", "%5C", "%2e", "%25", "%E2%80%8B"),
      smuggled,
      fc.webSegment(),
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(""));

describe("safeReturnTo", () => {
  it("keeps an ordinary path on this site, query and all", () => {
    expect(safeReturnTo("/staff?q=x", ORIGIN)).toBe("/staff?q=x");
    fc.assert(
      fc.property(sitePath, (path) => {
        const kept = safeReturnTo(path, ORIGIN);
        expect(kept).not.toBeNull();
        expect(new URL(kept!, ORIGIN).href).toBe(new URL(path, ORIGIN).href);
      }),
    );
  });

  it.each([
    "//evil.example",
    "/\\evil.example",
    "/\t/evil.example",
    "/%09/evil.example",
    "/%0a/evil.example",
    "/%0D%0A/evil.example",
    "/%00/evil.example",
    "/%2509/evil.example",
    "\t//evil.example",
    "https://evil.example/",
    "//portal.example.nhs.uk@evil.example/",
    "//evil.example@portal.example.nhs.uk/",
    "javascript:alert(1)",
    "evil.example",
  ])("refuses %j", (value) => {
    expect(safeReturnTo(value, ORIGIN)).toBeNull();
  });

  it("refuses any path with a control character in it, raw or percent-encoded", () => {
    fc.assert(
      fc.property(sitePath, smuggled, fc.nat(), (path, bad, at) => {
        const i = 1 + (at % path.length);
        expect(safeReturnTo(path.slice(0, i) + bad + path.slice(i), ORIGIN)).toBeNull();
      }),
    );
  });

  it("whatever it is given, gives back only a path that stays on the site it is resolved against", () => {
    fc.assert(
      fc.property(fc.oneof(tricky, fc.string({ unit: "binary" })), (value) => {
        const kept = safeReturnTo(value, ORIGIN);
        if (kept === null) return;
        expect(kept.startsWith("/")).toBe(true);
        expect(hasControl(kept)).toBe(false);
        // A browser resolves the Location header against the page's own address, whichever that is.
        expect(new URL(kept, ORIGIN).origin).toBe(ORIGIN);
        expect(new URL(kept, OTHER).origin).toBe(OTHER);
      }),
      { numRuns: 2000 },
    );
  });
});
