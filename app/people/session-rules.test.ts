import { describe, expect, it } from "vitest";
import { isIdleExpired, lockedUntilAfterFailure } from "./session-rules";

const t0 = new Date("2026-03-01T10:00:00Z");
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);

describe("session rules", () => {
  it("expires a session after 15 idle minutes, not before", () => {
    expect(isIdleExpired(t0, minutes(14.9))).toBe(false);
    expect(isIdleExpired(t0, minutes(15))).toBe(true);
  });
  it("locks an account for 15 minutes at the fifth failure", () => {
    expect(lockedUntilAfterFailure(4, t0)).toBeNull();
    expect(lockedUntilAfterFailure(5, t0)).toEqual(minutes(15));
  });
});
