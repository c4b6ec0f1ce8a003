import { describe, expect, it } from "vitest";
import {
  afterApproval,
  approvalStage,
  approveProblem,
  eitherOf,
  oldestFirst,
  rejectProblem,
  secondApproverSentence,
  waitedFor,
  waitingSince,
  whoMayApprove,
  type WaitingVersion,
} from "./approvals";

const submitted = new Date("2026-11-20T09:00:00Z");
const firstApproved = new Date("2026-11-22T15:00:00Z");
const version = (over: Partial<WaitingVersion> = {}): WaitingVersion => ({
  needsSecondApproval: true,
  authoredBy: "priya",
  lastEditedBy: "priya",
  submittedBy: "priya",
  submittedAt: submitted,
  approvedBy: null,
  approvedAt: null,
  ...over,
});
const approvers = [
  { id: "grace", name: "Grace Okafor" },
  { id: "daniel", name: "Daniel Mensah" },
  { id: "priya", name: "Priya Shah" },
];

describe("the approval a version waits for", () => {
  it("is the only one, the first of two or the second", () => {
    expect(approvalStage(version({ needsSecondApproval: false }))).toBe("only");
    expect(approvalStage(version())).toBe("first");
    expect(approvalStage(version({ approvedBy: "grace", approvedAt: firstApproved }))).toBe("second");
  });

  it("a second approval waits from the first; the others from submission", () => {
    expect(waitingSince(version())).toEqual(submitted);
    expect(waitingSince(version({ approvedBy: "grace", approvedAt: firstApproved }))).toEqual(firstApproved);
  });
});

describe("how long a plan has waited", () => {
  it("counts whole days in the UK", () => {
    expect(waitedFor(submitted, new Date("2026-11-20T23:30:00Z"))).toBe("Since today");
    expect(waitedFor(submitted, new Date("2026-11-21T00:30:00Z"))).toBe("1 day");
    expect(waitedFor(submitted, new Date("2026-11-23T08:00:00Z"))).toBe("3 days");
    expect(waitedFor(null, new Date())).toBe("Not known");
  });

  it("turns at midnight in London, not at midnight UTC, in summer time", () => {
    // 23:30 UTC on 1 July is 00:30 on 2 July in London.
    expect(waitedFor(new Date("2026-07-01T12:00:00Z"), new Date("2026-07-01T23:30:00Z"))).toBe("1 day");
  });

  it("puts the longest wait first", () => {
    const rows = [
      { holderName: "B", since: new Date("2026-11-03") },
      { holderName: "A", since: new Date("2026-11-01") },
      { holderName: "C", since: null },
      { holderName: "A2", since: new Date("2026-11-03") },
    ];
    expect(oldestFirst(rows).map((r) => r.holderName)).toEqual(["A", "A2", "B", "C"]);
  });
});

describe("who may approve", () => {
  it("not whoever wrote it, nor the first approver for the second approval", () => {
    expect(approveProblem({ deciderId: "priya", version: version(), history: [] })).toMatch(/someone else must approve/);
    expect(approveProblem({ deciderId: "grace", version: version(), history: [] })).toBeNull();
    const afterFirst = version({ approvedBy: "grace", approvedAt: firstApproved });
    expect(approveProblem({ deciderId: "grace", version: afterFirst, history: [] })).toBe(
      "You gave the first approval, so a different approver must give the second",
    );
    expect(approveProblem({ deciderId: "daniel", version: afterFirst, history: [] })).toBeNull();
  });

  it("the first approver may not reject what they approved; someone who changed it may not either", () => {
    const afterFirst = version({ approvedBy: "grace", approvedAt: firstApproved });
    expect(rejectProblem({ deciderId: "grace", version: afterFirst, history: [] })).toMatch(/different approver decides/);
    expect(rejectProblem({ deciderId: "daniel", version: afterFirst, history: [{ actorUserId: "daniel", action: "plan.draft-saved" }] })).toMatch(
      /someone else must decide/,
    );
    expect(rejectProblem({ deciderId: "daniel", version: afterFirst, history: [] })).toBeNull();
  });

  it("names the other approvers who took no part", () => {
    const afterFirst = version({ approvedBy: "grace", approvedAt: firstApproved });
    expect(whoMayApprove({ version: afterFirst, approvers, history: [] })).toEqual(["Daniel Mensah"]);
    expect(whoMayApprove({ version: version(), approvers, history: [] })).toEqual(["Daniel Mensah", "Grace Okafor"]);
    expect(whoMayApprove({ version: afterFirst, approvers, history: [{ actorUserId: "daniel", action: "plan.draft-saved" }] })).toEqual([]);
  });
});

describe("the words", () => {
  it("lists names as a choice", () => {
    expect(eitherOf([])).toBe("");
    expect(eitherOf(["Ann"])).toBe("Ann");
    expect(eitherOf(["Ann", "Bob"])).toBe("Ann or Bob");
    expect(eitherOf(["Ann", "Bob", "Cy"])).toBe("Ann, Bob or Cy");
  });

  it("says who can give the second approval, or that no one can", () => {
    expect(secondApproverSentence(["Daniel Mensah"])).toBe("Daniel Mensah can give the second approval.");
    expect(secondApproverSentence([])).toMatch(/^No other approver can give the second approval/);
  });

  it("says what happens after each approval", () => {
    expect(afterApproval({ stage: "first-approval", holderName: "Margaret Collins", hasRepresentative: false, secondApprovers: ["Daniel Mensah"] })).toEqual({
      title: "Your approval is recorded",
      next: "It needs a second approval from Daniel Mensah.",
    });
    expect(afterApproval({ stage: "approved", holderName: "Leo Carter", hasRepresentative: true, secondApprovers: [] })).toEqual({
      title: "The plan is approved",
      next: "Leo Carter and their representative can now see it and tell us they agree to it.",
    });
    expect(afterApproval({ stage: "approved", holderName: "Margaret Collins", hasRepresentative: false, secondApprovers: [] }).next).toBe(
      "Margaret Collins can now see it and tell us they agree to it.",
    );
  });
});
