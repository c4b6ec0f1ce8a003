import { describe, expect, it } from "vitest";
import { changeState, planInForce, planStanding, type VersionStatus } from "./in-force";

const v = (version: number, status: VersionStatus) => ({ version, status });

describe("planInForce", () => {
  it("keeps the approved version in force when a newer version is rejected, with the rejected one beside it", () => {
    const versions = [v(1, "approved"), v(2, "rejected")];
    expect(planInForce(versions)).toEqual({ inForce: versions[0], change: versions[1] });
  });

  it("takes the latest approved version, whatever order the versions come in", () => {
    const versions = [v(3, "submitted"), v(1, "approved"), v(2, "approved")];
    expect(planInForce(versions)).toEqual({ inForce: versions[2], change: versions[0] });
  });

  it("has no change beside a plan whose latest version is approved", () => {
    expect(planInForce([v(1, "rejected"), v(2, "approved")])).toEqual({ inForce: v(2, "approved"), change: null });
  });

  it("has nothing in force before the first approval, and the first plan as the change", () => {
    expect(planInForce([v(1, "submitted")])).toEqual({ inForce: null, change: v(1, "submitted") });
    expect(planInForce([])).toEqual({ inForce: null, change: null });
  });
});

describe("planStanding", () => {
  it("describes a rejected change as not agreed and a draft or submitted one as being considered", () => {
    expect(planStanding([v(1, "approved"), v(2, "rejected")])).toEqual({ status: "approved", change: "not-agreed" });
    expect(planStanding([v(1, "approved"), v(2, "draft")])).toEqual({ status: "approved", change: "being-considered" });
    expect(changeState("submitted")).toBe("being-considered");
  });

  it("gives the first plan's own status while none is in force", () => {
    expect(planStanding([v(1, "rejected")])).toEqual({ status: "rejected", change: null });
    expect(planStanding([])).toEqual({ status: null, change: null });
  });
});
