import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEMO_SIGN_INS } from "./index";

describe("demo sign-ins", () => {
  it("the README lists every demo account the seed creates, and no other", () => {
    const readme = readFileSync("README.md", "utf8");
    const section = readme.slice(readme.indexOf("## Demo sign-ins"), readme.indexOf("\n## ", readme.indexOf("## Demo sign-ins") + 1));
    const listed = [...section.matchAll(/^\| ([^ |]+@[^ |]+) \|/gm)].map((m) => m[1]);
    expect(listed).toEqual(DEMO_SIGN_INS.map((s) => s.email));
  });

  it("has two approvers, so a plan that needs a second approval can be finished", () => {
    expect(DEMO_SIGN_INS.filter((s) => s.who.includes("approver")).length).toBe(2);
  });
});
