import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DESCRIBED_ACTIONS, describeAuditEntry, type AuditEntry, type AuditNames } from "./describe";

const GRACE = "11111111-1111-4111-8111-111111111111";
const MARGARET_USER = "22222222-2222-4222-8222-222222222222";
const SAM = "33333333-3333-4333-8333-333333333333";
const MARGARET = "44444444-4444-4444-8444-444444444444";
const LEO = "55555555-5555-4555-8555-555555555555";
const VERSION_2 = "66666666-6666-4666-8666-666666666666";
const SHORT_BREAKS = "77777777-7777-4777-8777-777777777777";

const names: AuditNames = {
  users: { [GRACE]: "Grace Okafor", [MARGARET_USER]: "Margaret Collins", [SAM]: "Sam Carter" },
  holders: { [MARGARET]: { name: "Margaret Collins", userId: MARGARET_USER }, [LEO]: { name: "Leo Carter", userId: null } },
  lines: { [SHORT_BREAKS]: "Short breaks" },
  planVersions: { [VERSION_2]: { version: 2, holderId: MARGARET } },
};

const entry = (e: Partial<AuditEntry> & Pick<AuditEntry, "action">): AuditEntry => ({
  entityType: "plan-version",
  entityId: VERSION_2,
  actorUserId: GRACE,
  actorName: "Grace Okafor",
  onBehalfOfHolderId: null,
  before: null,
  after: null,
  ...e,
});

describe("an audit entry in words", () => {
  it("names who approved which version of whose plan, and what changed, with ids as names", () => {
    const d = describeAuditEntry(
      entry({
        action: "plan.approved",
        before: { id: VERSION_2, status: "submitted", approvedBy: null, finalPence: 123456 },
        after: { id: VERSION_2, status: "approved", approvedBy: GRACE, finalPence: 123456, budget: { id: "x" } },
      }),
      names,
    );
    expect(d.sentence).toBe("Grace Okafor approved version 2 of Margaret Collins's plan");
    expect(d.forWhom).toBe("Margaret Collins");
    expect(d.changes).toEqual([
      { field: "Status", before: "Submitted", after: "Approved" },
      { field: "Approved by", before: "", after: "Grace Okafor" },
    ]);
  });

  it("names the month or quarter reconciled, including rows written when only months were", () => {
    const reconciled = (after: Record<string, unknown>) =>
      describeAuditEntry(entry({ action: "period.reconciled", entityType: "period-reconciliation", onBehalfOfHolderId: MARGARET, after }), names).sentence;
    expect(reconciled({ period: "2026-Q3" })).toBe("Grace Okafor reconciled Margaret Collins's direct payment for October to December 2026");
    expect(reconciled({ month: "2026-11" })).toBe("Grace Okafor reconciled Margaret Collins's direct payment for November 2026");
    expect(reconciled({ period: 7 })).toBe("Grace Okafor reconciled Margaret Collins's direct payment for a month");
  });

  it("shows money in pounds and a support line by its name", () => {
    const d = describeAuditEntry(
      entry({
        action: "spending.edited",
        entityType: "spend",
        entityId: "s2",
        actorUserId: SAM,
        actorName: "Sam Carter",
        onBehalfOfHolderId: LEO,
        before: { spendId: "s1", amountPence: 1250 },
        after: { amountPence: 123450, lineKey: SHORT_BREAKS, spentOn: "2026-04-01", journalEntryId: "j1" },
      }),
      names,
    );
    expect(d.sentence).toBe('Sam Carter changed a spend from Leo Carter\'s budget on the support line "Short breaks"');
    expect(d.forWhom).toBe("Leo Carter");
    expect(d.changes).toEqual([
      { field: "Amount", before: "£12.50", after: "£1,234.50" },
      { field: "Support line", before: "", after: "Short breaks" },
      { field: "Spent on", before: "", after: "1 April 2026" },
    ]);
  });

  it("says 'Themselves' when the holder acts on their own record, and nothing when no holder is concerned", () => {
    const own = describeAuditEntry(
      entry({ action: "plan.agreed", actorUserId: MARGARET_USER, actorName: "Margaret Collins", onBehalfOfHolderId: MARGARET }),
      names,
    );
    expect(own.sentence).toBe("Margaret Collins agreed to version 2 of their own plan");
    expect(own.forWhom).toBe("Themselves");
    const signIn = describeAuditEntry(entry({ action: "signed-in", entityType: "session", entityId: "x" }), names);
    expect(signIn).toEqual({ sentence: "Grace Okafor signed in", forWhom: "", changes: [] });
  });

  it("lists a plan's support lines and the representative's scopes in words", () => {
    const d = describeAuditEntry(
      entry({
        action: "representative.scopes-changed",
        entityType: "representative",
        entityId: "r1",
        onBehalfOfHolderId: LEO,
        before: { scopes: ["view"], endsOn: null },
        after: { scopes: ["view", "log-spending"], endsOn: "2027-01-31" },
      }),
      names,
    );
    expect(d.sentence).toBe("Grace Okafor changed what a representative may do for Leo Carter");
    expect(d.changes).toEqual([
      { field: "What they can do", before: "See the plan, budget and spending", after: "See the plan, budget and spending; Log spending and upload receipts" },
      { field: "Ends", before: "", after: "31 January 2027" },
    ]);
    const saved = describeAuditEntry(
      entry({ action: "plan.draft-saved", after: { supportLines: [{ description: "Short breaks", amountPence: 250000 }] } }),
      names,
    );
    expect(saved.changes).toEqual([{ field: "Support lines", before: "", after: "Short breaks, £2,500.00" }]);
  });

  it("still shows an entry whose code it does not know, and the service itself as the actor", () => {
    expect(describeAuditEntry(entry({ action: "user.renamed", actorUserId: null, actorName: null, entityType: "user" }), names).sentence).toBe(
      "The service: user.renamed",
    );
  });
});

/** The codes a template writes: `plan.holding-change-${status}` and `direct-payment.${kind}`, from their enums. */
const TEMPLATES: Record<string, string[]> = {
  "plan.holding-change-": ["accepted", "declined"],
  "direct-payment.": ["refused", "stopped"],
  "flag.": ["resolved", "dismissed"],
  "query.": ["accept", "send-back", "withdraw"],
};

function writtenActionCodes(): string[] {
  const files = [
    ...readdirSync("app", { recursive: true, encoding: "utf8" }).map((f) => join("app", f)),
    ...readdirSync("scripts", { recursive: true, encoding: "utf8" }).map((f) => join("scripts", f)),
  ].filter((f) => /\.tsx?$/.test(f) && !f.endsWith(".test.ts") && !f.startsWith(join("app", "audit")));
  const codes = new Set<string>();
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    // From each write to where it names the record's type: the action code is given in between, as the value of
    // `action:` or a branch of a conditional (not a string it is compared with).
    for (const m of text.matchAll(/(?:recordAudit\(|insert\(auditLog\))([\s\S]*?)entityType/g)) {
      for (const [, code] of m[1].matchAll(/(?:action:|\?|:)\s*"([a-z][a-z-]*(?:\.[a-z-]+)?)"/g)) codes.add(code);
      for (const [, prefix] of m[1].matchAll(/`([a-z.-]+)\$\{/g)) {
        expect(TEMPLATES, `a new templated action code in ${file}`).toHaveProperty([prefix]);
        for (const rest of TEMPLATES[prefix]) codes.add(prefix + rest);
      }
    }
  }
  // The ledger's entries are audited by the posting function in the database, from the code given as audit_action.
  for (const file of files) {
    for (const [, line] of readFileSync(file, "utf8").matchAll(/audit_action:([^\n]*)/g)) {
      for (const [, code] of line.matchAll(/"([a-z][a-z-]*\.[a-z-]+)"/g)) codes.add(code);
    }
  }
  for (const file of readdirSync(join("db", "migrations")).filter((f) => f.endsWith(".sql"))) {
    for (const [, code] of readFileSync(join("db", "migrations", file), "utf8").matchAll(/'audit_action',\s*'([a-z][a-z-]*\.[a-z-]+)'/g)) codes.add(code);
  }
  return [...codes].sort();
}

describe("every action the service writes", () => {
  it("has a description", () => {
    const written = writtenActionCodes();
    expect(written.length).toBeGreaterThan(40);
    expect(written).toContain("ledger.entry-posted");
    expect(written.filter((code) => !DESCRIBED_ACTIONS.includes(code))).toEqual([]);
  });
});
