import { describe, expect, it } from "vitest";
import { ROLES, ROUTE_ACCESS, variantsOf, type Outcome, type Role } from "./route-access";

/** Every answer the table gives: route, method, variant, role. */
const answers = Object.entries(ROUTE_ACCESS).flatMap(([route, row]) =>
  (["GET", "POST"] as const).flatMap((method) =>
    variantsOf(row[method]).flatMap(([variant, expect]) => ROLES.map((role) => ({ route, method, variant, role, outcome: expect[role] }))),
  ),
);
const okFor = (role: Role, method?: "GET" | "POST") =>
  answers.filter((a) => a.role === role && a.outcome === "ok" && (!method || a.method === method)).map((a) => `${a.method} ${a.route}`);

describe("the route access table", () => {
  it("gives every role an answer for every request", () => {
    const valid = (o: Outcome) => o === "ok" || o === "sign-in" || /^redirect \/[\w/-]*$/.test(String(o)) || [400, 403, 404, 405].includes(o as number);
    expect(answers.filter((a) => !valid(a.outcome))).toEqual([]);
  });

  it("lets someone signed out reach only the public pages, sign-in and a one-time invitation or password reset link", () => {
    expect([...new Set(okFor("signed-out"))].sort()).toEqual([
      "GET _index.tsx",
      "GET accessibility.tsx",
      "GET forgotten-password.tsx",
      "GET healthz.ts",
      "GET help.tsx",
      "GET invitation.$token.tsx",
      "GET invitation._index.tsx",
      "GET pa-invitation.$token.tsx",
      "GET pa-invitation._index.tsx",
      "GET password-reset.$token.tsx",
      "GET password-reset._index.tsx",
      "GET privacy.tsx",
      "GET sign-in.tsx",
      "GET signed-out.tsx",
      "POST forgotten-password.tsx",
      "POST invitation._index.tsx",
      "POST pa-invitation._index.tsx",
      "POST password-reset._index.tsx",
      "POST sign-in.tsx",
    ]);
  });

  it("lets an auditor change nothing but their own session, password and anonymous feedback", () => {
    expect(okFor("staff:auditor", "POST").sort()).toEqual([
      "POST acting-for.tsx",
      "POST feedback.tsx",
      "POST forgotten-password.tsx",
      "POST invitation._index.tsx",
      "POST pa-invitation._index.tsx",
      "POST password-reset._index.tsx",
      "POST session.extend.tsx",
      "POST sign-in.tsx",
    ]);
  });

  it("lets a PA reach only their own hours and payslips, beyond what everyone signed in has", () => {
    const open = new Set(okFor("signed-out"));
    const everyoneSignedIn = ["GET feedback.tsx", "POST feedback.tsx", "POST session.extend.tsx", "POST invitation._index.tsx"];
    expect(
      okFor("assistant")
        .filter((a) => !open.has(a) && !everyoneSignedIn.includes(a))
        .sort(),
    ).toEqual(["GET pa._index.tsx", "GET payslips.$payslipId.tsx", "GET payslips.$payslipId_.pdf.ts", "POST pa._index.tsx"]);
  });

  it("lets a revoked representative and an unassigned support organisation see nothing of the holder's", () => {
    const ownPages = [
      "GET acting-for.tsx",
      "GET feedback.tsx",
      "POST feedback.tsx",
      "GET support._index.tsx",
      "GET support.payroll.tsx",
      "POST support.payroll.tsx",
      "GET support.payroll_.enter.tsx",
      "POST support.payroll_.enter.tsx",
      "POST acting-for.tsx",
      "POST invitation._index.tsx",
      "POST session.extend.tsx",
      "POST sign-in.tsx",
    ];
    const open = new Set(okFor("signed-out"));
    for (const role of ["rep:revoked", "support:not-assigned"] as const) {
      expect(okFor(role).filter((a) => !open.has(a) && !ownPages.includes(a))).toEqual([]);
    }
  });
});
