import { describe, expect, it } from "vitest";
import { decide, may, mayApproveHours, type Principal } from "./rules";

const C1 = "c1";
const C2 = "c2";
const base: Principal = {
  userId: "u",
  name: "Someone",
  kind: "holder",
  commissionerId: C1,
  staffRoles: [],
  ownHolderId: null,
  representing: [],
  supportOrganisationId: null,
  supporting: [],
  ownAssistant: null,
};
const holderA = { type: "holder" as const, holderId: "A", commissionerId: C1 };
const holderB = { type: "holder" as const, holderId: "B", commissionerId: C1 };
const otherCommissionersHolder = { type: "holder" as const, holderId: "X", commissionerId: C2 };

describe("decide", () => {
  it("lets a holder see their own budget but not another holder's, which does not exist for them", () => {
    const holder = { ...base, ownHolderId: "A" };
    expect(decide(holder, "view", holderA)).toBe("allow");
    expect(decide(holder, "view", holderB)).toBe("not-found");
    expect(decide(holder, "approve-plan", holderA)).toBe("forbidden");
  });

  it("hides every record of another commissioner, even from staff", () => {
    const coordinator = { ...base, kind: "staff" as const, staffRoles: ["coordinator" as const] };
    expect(decide(coordinator, "view", otherCommissionersHolder)).toBe("not-found");
    expect(decide(coordinator, "view-audit", { type: "commissioner", commissionerId: C2 })).toBe("not-found");
  });

  it("lets an auditor read but never write", () => {
    const auditor = { ...base, kind: "staff" as const, staffRoles: ["auditor" as const] };
    expect(decide(auditor, "view", holderA)).toBe("allow");
    expect(decide(auditor, "view-audit", { type: "commissioner", commissionerId: C1 })).toBe("allow");
    for (const action of ["log-spending", "manage-plan", "approve-plan", "manage-finance"] as const) {
      expect(decide(auditor, action, holderA)).toBe("forbidden");
    }
  });

  it("keeps approval with approvers and finance with finance officers", () => {
    const coordinator = { ...base, kind: "staff" as const, staffRoles: ["coordinator" as const] };
    expect(decide(coordinator, "approve-plan", holderA)).toBe("forbidden");
    expect(decide(coordinator, "manage-plan", holderA)).toBe("allow");
    expect(decide({ ...coordinator, staffRoles: ["finance"] }, "manage-finance", holderA)).toBe("allow");
  });

  it("limits a representative to the holders and scopes granted", () => {
    const carer = { ...base, kind: "representative" as const, representing: [{ holderId: "A", scopes: ["view" as const] }] };
    expect(decide(carer, "view", holderA)).toBe("allow");
    expect(decide(carer, "log-spending", holderA)).toBe("forbidden");
    expect(decide(carer, "view", holderB)).toBe("not-found");
  });

  it("limits a support organisation to the holders assigned to it", () => {
    const support = { ...base, kind: "support" as const, supportOrganisationId: "S", supporting: [{ holderId: "A", scopes: ["payroll" as const] }] };
    expect(decide(support, "manage-payroll", holderA)).toBe("allow");
    expect(decide(support, "log-spending", holderA)).toBe("forbidden");
    expect(decide(support, "approve-plan", holderA)).toBe("forbidden");
    expect(decide(support, "view", holderB)).toBe("not-found");
    expect(decide(support, "view-caseload", { type: "commissioner", commissionerId: C1 })).toBe("forbidden");
  });

  it("lets an organisation do for a holder only what its assignment is for", () => {
    const thirdParty = {
      ...base,
      kind: "support" as const,
      supportOrganisationId: "S",
      supporting: [{ holderId: "A", scopes: ["third-party-budget" as const] }],
    };
    expect(decide(thirdParty, "log-spending", holderA)).toBe("allow");
    expect(decide(thirdParty, "manage-payroll", holderA)).toBe("forbidden");
    expect(decide(thirdParty, "view", holderA)).toBe("allow");
  });

  it("shows a PA nothing of their employer's records: their own timesheets and payslips are reached another way", () => {
    const pa = { ...base, kind: "assistant" as const, ownAssistant: { id: "PA1", holderId: "A" } };
    for (const action of ["view", "log-spending", "manage-payroll", "answer-finance-queries", "agree-plans"] as const) {
      expect(decide(pa, action, holderA)).toBe("not-found");
    }
    expect(decide(pa, "view-caseload", { type: "commissioner", commissionerId: C1 })).toBe("forbidden");
  });

  it("keeps the staff's casework pages to staff: the holder, their representatives and support organisation see their own views", () => {
    const everyScope = ["view", "log-spending", "manage-payroll", "answer-finance-queries", "agree-plans"] as const;
    expect(decide({ ...base, kind: "holder", ownHolderId: "A" }, "view-casework", holderA)).toBe("forbidden");
    expect(decide({ ...base, kind: "representative", representing: [{ holderId: "A", scopes: [...everyScope] }] }, "view-casework", holderA)).toBe("forbidden");
    expect(decide({ ...base, kind: "support", supporting: [{ holderId: "A", scopes: ["payroll", "third-party-budget"] }] }, "view-casework", holderA)).toBe(
      "forbidden",
    );
    for (const role of ["coordinator", "finance", "approver", "auditor"] as const) {
      expect(decide({ ...base, kind: "staff", staffRoles: [role] }, "view-casework", holderA)).toBe("allow");
    }
  });
});

describe("may", () => {
  it("offers what decide allows, on a holder or across the commissioner", () => {
    const finance = { ...base, kind: "staff" as const, staffRoles: ["finance" as const] };
    const carer = { ...base, kind: "representative" as const, representing: [{ holderId: "A", scopes: ["view" as const] }] };
    expect(may(finance, "manage-finance")).toBe(true);
    expect(may(finance, "log-spending", "A")).toBe(true);
    expect(may(finance, "manage-statement-of-resources")).toBe(false);
    expect(may(carer, "view", "A")).toBe(true);
    expect(may(carer, "log-spending", "A")).toBe(false);
  });
});

describe("mayApproveHours", () => {
  it("is the employer's, or their representative's with the payroll scope: not the payroll organisation's, staff's or the PA's", () => {
    expect(mayApproveHours({ ...base, kind: "holder", ownHolderId: "A" }, "A")).toBe(true);
    expect(mayApproveHours({ ...base, kind: "holder", ownHolderId: "B" }, "A")).toBe(false);
    expect(mayApproveHours({ ...base, kind: "representative", representing: [{ holderId: "A", scopes: ["view", "manage-payroll"] }] }, "A")).toBe(true);
    expect(mayApproveHours({ ...base, kind: "representative", representing: [{ holderId: "A", scopes: ["view", "log-spending"] }] }, "A")).toBe(false);
    expect(mayApproveHours({ ...base, kind: "support", supporting: [{ holderId: "A", scopes: ["payroll"] }] }, "A")).toBe(false);
    expect(mayApproveHours({ ...base, kind: "staff", staffRoles: ["finance"] }, "A")).toBe(false);
    expect(mayApproveHours({ ...base, kind: "assistant", ownAssistant: { id: "P", holderId: "A" } }, "A")).toBe(false);
  });
});
