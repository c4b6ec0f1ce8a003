import { describe, expect, it } from "vitest";
import { publicOrigin } from "./public-origin";

describe("publicOrigin", () => {
  it("is the configured public address when there is one, without any path", () => {
    expect(publicOrigin("http://10.0.0.5:3000/representatives", "https://phb.example.nhs.uk/")).toBe("https://phb.example.nhs.uk");
  });
  it("is the address the request came to otherwise, or when the setting is not an address", () => {
    expect(publicOrigin("http://localhost:3000/representatives?holder=1", undefined)).toBe("http://localhost:3000");
    expect(publicOrigin("http://localhost:3000/representatives", "not a url")).toBe("http://localhost:3000");
  });
});
