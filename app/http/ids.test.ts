import { describe, expect, it } from "vitest";
import { isUuid, optionalId, requireId } from "./ids";

const ID = "0b6f3a4e-5c1d-4e2f-9a8b-7c6d5e4f3a2b";

function statusOf(fn: () => unknown) {
  try {
    fn();
    return null;
  } catch (thrown) {
    return (thrown as Response).status;
  }
}

describe("ids from requests", () => {
  it("takes a UUID in either case", () => {
    expect(requireId(ID)).toBe(ID);
    expect(requireId(ID.toUpperCase())).toBe(ID.toUpperCase());
    expect(isUuid("00000000-0000-0000-0000-000000000000")).toBe(true);
  });
  it("answers 404 for anything PostgreSQL would not read as a UUID", () => {
    for (const bad of ["", "not-an-id", "-".repeat(36), `${ID} `, `{${ID}}`, ID.replace(/-/g, ""), `${ID}0`, "g".repeat(8) + ID.slice(8), null, undefined]) {
      expect(statusOf(() => requireId(bad))).toBe(404);
    }
  });
  it("leaves an optional id out when it is absent or empty, and refuses a malformed one", () => {
    expect(optionalId(null)).toBeNull();
    expect(optionalId("")).toBeNull();
    expect(optionalId(ID)).toBe(ID);
    expect(statusOf(() => optionalId("x"))).toBe(404);
  });
});
