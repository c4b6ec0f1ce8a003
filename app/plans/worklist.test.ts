import { describe, expect, it } from "vitest";
import { dueIn, invitationWork, lastReviewBefore, overdueBy, planWork, ukDay, waitingFor, type WorkVersion } from "./worklist";

const TODAY = "2026-12-02";
const at = (iso: string) => new Date(`${iso}T10:00:00Z`);
const version = (v: Partial<WorkVersion> & Pick<WorkVersion, "version" | "status">): WorkVersion => ({
  createdAt: at("2026-01-05"),
  approvedAt: v.status === "approved" ? at("2026-01-20") : null,
  rejectedAt: null,
  firstReviewOn: "2026-04-01",
  reviewEveryMonths: 12,
  ...v,
});
const holder = (holderName: string, versions: WorkVersion[]) => ({ holderId: holderName.toLowerCase(), holderName, versions });

describe("words for waiting and due", () => {
  it("counts whole days in the UK", () => {
    expect(waitingFor(TODAY, TODAY)).toBe("Since today");
    expect(waitingFor("2026-12-01", TODAY)).toBe("1 day");
    expect(waitingFor("2026-11-20", TODAY)).toBe("12 days");
    expect(dueIn(TODAY, TODAY)).toBe("Due today");
    expect(dueIn("2026-12-03", TODAY)).toBe("Due tomorrow");
    expect(dueIn("2026-12-30", TODAY)).toBe("Due in 28 days");
    expect(overdueBy("2026-12-01", TODAY)).toBe("1 day overdue");
    expect(overdueBy("2026-07-01", TODAY)).toBe("154 days overdue");
  });

  it("takes a moment's day in the UK, not in UTC", () => {
    // 23:30 UTC on 30 June is 00:30 on 1 July in British Summer Time.
    expect(ukDay(new Date("2026-06-30T23:30:00Z"))).toBe("2026-07-01");
    expect(ukDay(new Date("2026-12-01T23:30:00Z"))).toBe("2026-12-01");
  });

  it("finds the last review date before today", () => {
    expect(lastReviewBefore("2027-01-01", 12, TODAY)).toBeNull();
    expect(lastReviewBefore(TODAY, 12, TODAY)).toBeNull();
    expect(lastReviewBefore("2026-07-01", 12, TODAY)).toBe("2026-07-01");
    expect(lastReviewBefore("2026-01-15", 3, TODAY)).toBe("2026-10-15");
  });
});

describe("what plans need from a coordinator", () => {
  it("lists a draft to finish and a version not approved, the longest wait first", () => {
    const work = planWork(
      [
        holder("Ann", [version({ version: 1, status: "draft", createdAt: at("2026-11-30"), firstReviewOn: "2027-02-01" })]),
        holder("Bob", [
          version({ version: 1, status: "approved", firstReviewOn: "2027-03-01" }),
          version({ version: 2, status: "rejected", createdAt: at("2026-11-01"), rejectedAt: at("2026-11-20") }),
        ]),
        holder("Cy", [version({ version: 1, status: "submitted", createdAt: at("2026-11-01"), firstReviewOn: "2027-02-01" })]),
      ],
      TODAY,
    );
    expect(work.toFinish).toEqual([
      { holderId: "bob", holderName: "Bob", what: "Changes to the plan were not agreed: start a new version", when: "12 days", day: "2026-11-20" },
      { holderId: "ann", holderName: "Ann", what: "Finish version 1 of the plan and send it for approval", when: "2 days", day: "2026-11-30" },
    ]);
    // Waiting for an approver is the approver's work, not the coordinator's.
    expect(work.toFinish.map((r) => r.holderName)).not.toContain("Cy");
  });

  it("says a first plan was not approved when there is none in force", () => {
    const work = planWork([holder("Dee", [version({ version: 1, status: "rejected", rejectedAt: at("2026-12-02"), firstReviewOn: "2027-01-01" })])], TODAY);
    expect(work.toFinish).toMatchObject([{ what: "The plan was not approved: start a new version", when: "Since today" }]);
  });

  it("lists a review due within four weeks, and not one due later", () => {
    const work = planWork(
      [
        holder("Soon", [version({ version: 1, status: "approved", createdAt: at("2026-09-01"), firstReviewOn: "2026-12-30" })]),
        holder("Today", [version({ version: 1, status: "approved", createdAt: at("2026-09-01"), firstReviewOn: TODAY })]),
        holder("Later", [version({ version: 1, status: "approved", createdAt: at("2026-09-01"), firstReviewOn: "2026-12-31" })]),
      ],
      TODAY,
    );
    expect(work.due.map((r) => [r.holderName, r.when])).toEqual([
      ["Today", "Due today"],
      ["Soon", "Due in 28 days"],
    ]);
    expect(work.overdue).toEqual([]);
  });

  it("lists a review overdue when its date has passed since the plan was approved and no change is being made", () => {
    const work = planWork(
      [
        holder("Late", [version({ version: 1, status: "approved", firstReviewOn: "2026-07-01" })]),
        holder("Reviewed", [
          version({ version: 1, status: "approved", firstReviewOn: "2026-07-01" }),
          version({
            version: 2,
            status: "approved",
            createdAt: at("2026-07-03"),
            approvedAt: at("2026-07-10"),
            firstReviewOn: "2027-01-05",
            reviewEveryMonths: 6,
          }),
        ]),
        holder("Drafting", [
          version({ version: 1, status: "approved", firstReviewOn: "2026-07-01" }),
          version({ version: 2, status: "draft", createdAt: at("2026-06-01") }),
        ]),
      ],
      TODAY,
    );
    expect(work.overdue).toEqual([{ holderId: "late", holderName: "Late", what: "Review the plan with them", when: "154 days overdue", day: "2026-07-01" }]);
    expect(work.due).toEqual([]);
    // A draft under way is the review in progress: listed to finish, not as overdue.
    expect(work.toFinish.map((r) => r.holderName)).toEqual(["Drafting"]);
  });

  it("goes by when the plan was approved, not when its record was made (a plan imported later than it was agreed)", () => {
    const imported = version({ version: 1, status: "approved", createdAt: at(TODAY), approvedAt: at("2026-03-25"), firstReviewOn: "2026-07-01" });
    expect(planWork([holder("Imported", [imported])], TODAY).overdue).toMatchObject([{ holderName: "Imported", when: "154 days overdue" }]);
  });

  it("counts the review of the newest approved version, from its own schedule", () => {
    const work = planWork(
      [
        holder("Reviewed", [
          version({ version: 1, status: "approved", firstReviewOn: "2026-07-01" }),
          version({
            version: 2,
            status: "approved",
            createdAt: at("2026-07-03"),
            approvedAt: at("2026-07-10"),
            firstReviewOn: "2026-10-01",
            reviewEveryMonths: 6,
          }),
        ]),
      ],
      TODAY,
    );
    expect(work.overdue).toMatchObject([{ holderName: "Reviewed", when: "62 days overdue", day: "2026-10-01" }]);
  });

  it("lists nothing for a plan in force with its review months away", () => {
    expect(planWork([holder("Fine", [version({ version: 1, status: "approved", createdAt: at("2026-11-01"), firstReviewOn: "2027-02-01" })])], TODAY)).toEqual({
      toFinish: [],
      due: [],
      overdue: [],
    });
  });
});

describe("invitations not accepted", () => {
  const base = { holderId: "h", holderName: "Leo Carter", representativeName: "Sam Carter", sentAt: at("2026-11-29") };
  it("says an open invitation waits, from when it was sent", () => {
    expect(invitationWork({ ...base, expiresAt: at("2026-12-06") }, at(TODAY))).toEqual({
      holderId: "h",
      holderName: "Leo Carter",
      what: "Sam Carter has not accepted the invitation to act for them yet",
      when: "3 days",
      day: "2026-11-29",
    });
  });
  it("says one that stopped working needs sending again", () => {
    expect(invitationWork({ ...base, sentAt: at("2026-11-20"), expiresAt: at("2026-11-27") }, at(TODAY)).what).toBe(
      "Sam Carter's invitation to act for them stopped working before they accepted it: send a new one",
    );
  });
});
