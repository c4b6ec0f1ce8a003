import { describe, expect, it } from "vitest";
import { publicOrigin, publicUrlProblem } from "./public-origin";

describe("publicOrigin", () => {
  it("is the configured public address when there is one, without any path", () => {
    expect(publicOrigin("http://10.0.0.5:3000/representatives", { PUBLIC_URL: "https://phb.example.nhs.uk/" })).toBe("https://phb.example.nhs.uk");
    expect(publicOrigin("http://evil.example/representatives", { PUBLIC_URL: "https://phb.example.nhs.uk", NODE_ENV: "production" })).toBe(
      "https://phb.example.nhs.uk",
    );
  });
  it("outside production, is the address the request came to otherwise, or when the setting is not an address", () => {
    expect(publicOrigin("http://localhost:3000/representatives?holder=1", {})).toBe("http://localhost:3000");
    expect(publicOrigin("http://localhost:3000/representatives", { PUBLIC_URL: "not a url", NODE_ENV: "development" })).toBe("http://localhost:3000");
  });
  it("in production, never takes the address from the request, whose Host header anyone can set", () => {
    expect(() => publicOrigin("http://evil.example/representatives", { NODE_ENV: "production" })).toThrow(/PUBLIC_URL must be set/);
    expect(() => publicOrigin("http://evil.example/representatives", { PUBLIC_URL: "not a url", NODE_ENV: "production" })).toThrow(/PUBLIC_URL/);
  });
});

describe("publicUrlProblem", () => {
  it("says what is wrong with PUBLIC_URL in production, and nothing otherwise", () => {
    expect(publicUrlProblem({ NODE_ENV: "production" })).toMatch(/PUBLIC_URL must be set when NODE_ENV is production/);
    expect(publicUrlProblem({ NODE_ENV: "production", PUBLIC_URL: "phb.example.nhs.uk" })).toMatch(/not an address/);
    expect(publicUrlProblem({ NODE_ENV: "production", PUBLIC_URL: "https://phb.example.nhs.uk" })).toBeNull();
    expect(publicUrlProblem({ NODE_ENV: "development" })).toBeNull();
  });
});
