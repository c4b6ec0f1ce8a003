import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const APP = path.resolve(__dirname, "..");

describe("dates", () => {
  it("no page uses the browser's own date input: every date is the NHS.UK date input (app/ui/date-input.tsx)", () => {
    const files = readdirSync(APP, { recursive: true, encoding: "utf8" }).filter((f) => /\.tsx?$/.test(f) && !f.endsWith(".test.ts"));
    const native = files.filter((f) => /type=\{?["']date["']|type:\s*["']date["']/.test(readFileSync(path.join(APP, f), "utf8")));
    expect(native).toEqual([]);
  });
});
