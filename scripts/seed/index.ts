import { count } from "drizzle-orm";
import type { Database } from "../../db/client.server";
import {
  auditLog,
  budgets,
  commissioners,
  helpContactDetails,
  holders,
  representatives,
  staffRoles,
  supportAssignments,
  supportOrganisations,
  users,
} from "../../db/schema";
import { todayInUk } from "../../app/ledger/entries";
import { hashPassword } from "../../app/people/passwords.server";
import { startRestrictedCategories } from "../../app/spending/settings.server";
import { runFlagChecks } from "../../app/reconciliation/flags.server";
import { seedBankStatement } from "./bank";
import { seedPooledAccount } from "./pool";
import { seedLedger } from "./ledger";
import { seedAssistantSignIn } from "./payroll";
import { seedPlans } from "./plans";

export const DEMO_PASSWORD = "Demo-PHB-2026!";

/** Everyone the demo lets you sign in as, printed at start and listed in the README. */
export const DEMO_SIGN_INS = [
  { email: "coordinator@demo.nhs.uk", who: "Priya Shah, PHB coordinator" },
  { email: "finance@demo.nhs.uk", who: "Tom Bailey, finance officer" },
  { email: "approver@demo.nhs.uk", who: "Grace Okafor, approver" },
  { email: "senior.approver@demo.nhs.uk", who: "Daniel Mensah, approver (gives second approvals)" },
  { email: "auditor@demo.nhs.uk", who: "Alan Reed, auditor (read only)" },
  { email: "margaret@demo.example", who: "Margaret Collins, holder (notional budget)" },
  { email: "david@demo.example", who: "David Okoro, holder (third-party budget)" },
  { email: "aisha@demo.example", who: "Aisha Rahman, holder (direct payment)" },
  { email: "sam.carter@demo.example", who: "Sam Carter, parent and representative of Leo Carter (mixed budget)" },
  { email: "support@demo.example", who: "Dana Patel, Leicestershire Direct Payment Support" },
  { email: "chloe@demo.example", who: "Chloe Evans, Aisha's personal assistant (her hours and payslips)" },
] as const;

export async function isEmpty(db: Database): Promise<boolean> {
  const [{ n }] = await db.select({ n: count() }).from(commissioners);
  return n === 0;
}

/**
 * Demo data for a fresh local run. Never called when NODE_ENV is production. All or nothing: people and budgets,
 * then the approved plans (which open the accounts and the instalment schedules), then the money that has moved
 * since the plans started, up to the day before `today` (by default today in the UK). The same `today` seeds the
 * same data.
 */
export async function seedDemoData(db: Database, options: { today?: string } = {}) {
  const today = options.today ?? todayInUk();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    const [commissioner] = await tx.insert(commissioners).values({ name: "NHS Leicester, Leicestershire and Rutland ICB", odsCode: "QK1" }).returning();
    const commissionerId = commissioner.id;
    await startRestrictedCategories(tx, commissionerId);

    const [supportOrg] = await tx
      .insert(supportOrganisations)
      .values({ commissionerId, name: "Leicestershire Direct Payment Support", holdsThirdPartyBudgets: true, runsPayroll: true })
      .returning();

    const user = async (email: string, name: string, kind: "holder" | "representative" | "staff" | "support") => {
      const [row] = await tx
        .insert(users)
        .values({ commissionerId, email, name, kind, passwordHash, supportOrganisationId: kind === "support" ? supportOrg.id : null })
        .returning({ id: users.id });
      return row.id;
    };

    for (const [email, name, role] of [
      ["coordinator@demo.nhs.uk", "Priya Shah", "coordinator"],
      ["finance@demo.nhs.uk", "Tom Bailey", "finance"],
      ["approver@demo.nhs.uk", "Grace Okafor", "approver"],
      // A plan far from its indicative budget needs two different approvers: without a second, it could never finish.
      ["senior.approver@demo.nhs.uk", "Daniel Mensah", "approver"],
      ["auditor@demo.nhs.uk", "Alan Reed", "auditor"],
    ] as const) {
      await tx.insert(staffRoles).values({ userId: await user(email, name, "staff"), role });
    }
    await user("support@demo.example", "Dana Patel", "support");

    const holder = async (h: { email: string | null; given: string; family: string; nhs: string; dob: string; cohort: typeof holders.$inferInsert.cohort }) => {
      const userId = h.email ? await user(h.email, `${h.given} ${h.family}`, "holder") : null;
      const [row] = await tx
        .insert(holders)
        .values({ commissionerId, userId, nhsNumber: h.nhs, givenName: h.given, familyName: h.family, dateOfBirth: h.dob, cohort: h.cohort })
        .returning({ id: holders.id });
      return row.id;
    };

    // 999 numbers are reserved for testing and never issued to a real person.
    const margaret = await holder({
      email: "margaret@demo.example",
      given: "Margaret",
      family: "Collins",
      nhs: "9990000018",
      dob: "1948-05-12",
      cohort: "chc",
    });
    const david = await holder({ email: "david@demo.example", given: "David", family: "Okoro", nhs: "9990000026", dob: "1979-11-03", cohort: "s117" });
    const aisha = await holder({
      email: "aisha@demo.example",
      given: "Aisha",
      family: "Rahman",
      nhs: "9990000034",
      dob: "1996-02-21",
      cohort: "learning-disability-autism",
    });
    const leo = await holder({ email: null, given: "Leo", family: "Carter", nhs: "9990000042", dob: "2015-09-30", cohort: "childrens-continuing-care" });

    const samId = await user("sam.carter@demo.example", "Sam Carter", "representative");
    await tx.insert(representatives).values({
      commissionerId,
      holderId: leo,
      userId: samId,
      relationship: "Parent",
      scopes: ["view", "log-spending", "manage-payroll", "answer-finance-queries", "agree-plans"],
      consentGivenBy: "Sam Carter, parent with parental responsibility",
      consentGivenAt: new Date("2026-04-01T10:00:00Z"),
      acceptedAt: new Date("2026-04-01T10:00:00Z"),
    });

    await tx.insert(supportAssignments).values([
      { supportOrganisationId: supportOrg.id, holderId: david },
      { supportOrganisationId: supportOrg.id, holderId: aisha },
      { supportOrganisationId: supportOrg.id, holderId: leo },
    ]);

    // A made-up number in Ofcom's range for drama, so nobody rings a real team from the demo.
    await tx.insert(helpContactDetails).values({
      commissionerId,
      phone: "0113 496 0000",
      email: "phb.team@demo.nhs.uk",
      openingHours: "Monday to Friday, 9am to 5pm, except bank holidays",
    });

    await tx.insert(budgets).values([
      { commissionerId, holderId: margaret, startsOn: "2026-04-01", notionalPence: 8_450_000 },
      { commissionerId, holderId: david, startsOn: "2026-04-01", thirdPartyPence: 3_120_000, thirdPartyOrganisationId: supportOrg.id },
      { commissionerId, holderId: aisha, startsOn: "2026-04-01", directPaymentPence: 2_600_000 },
      { commissionerId, holderId: leo, startsOn: "2026-04-01", notionalPence: 1_800_000, directPaymentPence: 1_560_000 },
    ]);

    await tx.insert(auditLog).values({
      commissionerId,
      action: "demo-data.seeded",
      entityType: "commissioner",
      entityId: commissionerId,
      after: { holders: 4, staff: 5, representatives: 1, supportOrganisations: 1 },
    });
    await seedPlans(tx);
    await seedLedger(tx, { today });
    await seedBankStatement(tx, { today });
    await seedPooledAccount(tx, { today });
    await seedAssistantSignIn(tx, { commissionerId, email: "chloe@demo.example", passwordHash, payrollReference: "PA-0001", today });
    // What the 7am check would find, so that finance's flags are not empty until the morning after.
    await runFlagChecks(tx, { commissionerId, today });
  });
}
