import { describe, expect, it } from "vitest";
import { isCrossSiteWrite } from "./origin";

const base = { host: "portal.example.nhs.uk", origin: undefined, secFetchSite: undefined };

describe("isCrossSiteWrite", () => {
  it("lets reads through whatever their origin", () => {
    expect(isCrossSiteWrite({ ...base, method: "GET", origin: "https://evil.example" })).toBe(false);
  });
  it("lets a same-origin post through", () => {
    expect(isCrossSiteWrite({ ...base, method: "POST", origin: "https://portal.example.nhs.uk" })).toBe(false);
  });
  it("refuses a post from another site", () => {
    expect(isCrossSiteWrite({ ...base, method: "POST", origin: "https://evil.example" })).toBe(true);
  });
  it("refuses a post from another port on the same host name", () => {
    expect(isCrossSiteWrite({ ...base, host: "localhost:3000", method: "POST", origin: "http://localhost:4000" })).toBe(true);
  });
  it("refuses an opaque origin", () => {
    expect(isCrossSiteWrite({ ...base, method: "POST", origin: "null" })).toBe(true);
  });
  it("falls back to Sec-Fetch-Site", () => {
    expect(isCrossSiteWrite({ ...base, method: "POST", secFetchSite: "cross-site" })).toBe(true);
    expect(isCrossSiteWrite({ ...base, method: "POST", secFetchSite: "same-site" })).toBe(true);
    expect(isCrossSiteWrite({ ...base, method: "DELETE", secFetchSite: "same-origin" })).toBe(false);
  });
});
