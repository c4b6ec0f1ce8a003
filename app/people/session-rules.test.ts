import { describe, expect, it } from "vitest";
import { failuresCountFrom, isIdleExpired, isLockedOut, lockedUntilAfterFailure, NETWORK_FAILURES, networkMustWait } from "./session-rules";

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
  it("counts failures from the window's start, or from the end of a lock served inside it", () => {
    expect(failuresCountFrom(null, minutes(30))).toEqual(minutes(15));
    expect(failuresCountFrom(minutes(10), minutes(30))).toEqual(minutes(15));
    expect(failuresCountFrom(minutes(20), minutes(30))).toEqual(minutes(20));
  });
  it("refuses an attempt while locked, or once five failures are counted though the lock is not yet written", () => {
    expect(isLockedOut(null, 4, t0)).toBe(false);
    expect(isLockedOut(null, 5, t0)).toBe(true);
    expect(isLockedOut(minutes(1), 0, t0)).toBe(true);
    expect(isLockedOut(minutes(-1), 0, t0)).toBe(false);
  });
  it("makes a network wait once it has failed NETWORK_FAILURES times", () => {
    expect(networkMustWait(NETWORK_FAILURES - 1)).toBe(false);
    expect(networkMustWait(NETWORK_FAILURES)).toBe(true);
  });
});
