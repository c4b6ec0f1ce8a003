import { and, asc, eq, sql } from "drizzle-orm";
import { rowsOf, type Database } from "#db/client.server";
import { employers, personalAssistants } from "#db/schema";
import { recordAudit, type Actor } from "~/audit/audit.server";
import { ensureOutsideAccount } from "~/ledger/accounts.server";
import type { Pence } from "~/ledger/money";

export type Employer = typeof employers.$inferSelect;
export type PersonalAssistant = typeof personalAssistants.$inferSelect;

export interface EmployerDetails {
  payeReference: string;
  accountsOfficeReference: string;
  insurer: string;
  insurancePolicy: string;
  insuranceExpiresOn: string;
}

/**
 * Records the holder as an employer, or changes their details. The first time, it opens the ledger accounts that
 * payroll leaves money owed on: HMRC under their PAYE reference, the pension schemes, and their costs as an employer.
 */
export async function saveEmployer(db: Database, input: { actor: Actor; commissionerId: string; holderId: string; details: EmployerDetails }) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(employers).where(eq(employers.holderId, input.holderId)).for("update");
    if (before) {
      const [after] = await tx
        .update(employers)
        .set({ ...input.details, updatedAt: new Date() })
        .where(eq(employers.holderId, input.holderId))
        .returning();
      await recordAudit(
        tx,
        { ...input.actor, onBehalfOfHolderId: input.holderId },
        {
          action: "employer.changed",
          entityType: "employer",
          entityId: input.holderId,
          before: detailsOf(before),
          after: detailsOf(after),
        },
      );
      return after;
    }
    const code = (what: string) => `employer:${input.holderId}:${what}`;
    const hmrc = await ensureOutsideAccount(tx, input.commissionerId, "hmrc", { code: code("hmrc"), name: `HMRC, PAYE ${input.details.payeReference}` });
    const pension = await ensureOutsideAccount(tx, input.commissionerId, "pension-provider", { code: code("pension"), name: "Workplace pension schemes" });
    const costs = await ensureOutsideAccount(tx, input.commissionerId, "employer-costs", { code: code("costs"), name: "Costs as an employer" });
    const [employer] = await tx
      .insert(employers)
      .values({
        holderId: input.holderId,
        commissionerId: input.commissionerId,
        ...input.details,
        hmrcAccountId: hmrc.id,
        pensionAccountId: pension.id,
        costsAccountId: costs.id,
      })
      .returning();
    await recordAudit(
      tx,
      { ...input.actor, onBehalfOfHolderId: input.holderId },
      {
        action: "employer.recorded",
        entityType: "employer",
        entityId: input.holderId,
        after: detailsOf(employer),
      },
    );
    return employer;
  });
}

const detailsOf = (e: Employer): EmployerDetails => ({
  payeReference: e.payeReference,
  accountsOfficeReference: e.accountsOfficeReference,
  insurer: e.insurer,
  insurancePolicy: e.insurancePolicy,
  insuranceExpiresOn: e.insuranceExpiresOn,
});

export interface AssistantDetails {
  givenName: string;
  familyName: string;
  nationalInsuranceNumber: string;
  startsOn: string;
  endsOn: string | null;
  hourlyRatePence: Pence;
  contractedMinutesPerWeek: number;
  pensionScheme: string;
  payrollReference: string;
  supportLineKey: string | null;
}

export type AddAssistantResult = { ok: true; assistant: PersonalAssistant } | { ok: false; field: keyof AssistantDetails | "employer"; message: string };

/** Adds a PA the holder employs, with the account for what the holder owes them. Their payroll reference is theirs alone. */
export async function addPersonalAssistant(
  db: Database,
  input: { actor: Actor; commissionerId: string; holderId: string; details: AssistantDetails },
): Promise<AddAssistantResult> {
  const payrollReference = input.details.payrollReference.trim().toUpperCase();
  return db.transaction(async (tx): Promise<AddAssistantResult> => {
    const [employer] = await tx.select({ holderId: employers.holderId }).from(employers).where(eq(employers.holderId, input.holderId));
    if (!employer) return { ok: false, field: "employer", message: "Record the employer's PAYE reference and insurance before adding a PA" };
    const [taken] = await tx
      .select({ id: personalAssistants.id })
      .from(personalAssistants)
      .where(and(eq(personalAssistants.commissionerId, input.commissionerId), eq(personalAssistants.payrollReference, payrollReference)));
    if (taken) return { ok: false, field: "payrollReference", message: `Payroll reference ${payrollReference} is already another PA's: each PA has their own` };
    const id = crypto.randomUUID();
    const name = `${input.details.givenName.trim()} ${input.details.familyName.trim()}`;
    const account = await ensureOutsideAccount(tx, input.commissionerId, "payee", { code: `pa:${id}`, name: `${name} (personal assistant)` });
    const [assistant] = await tx
      .insert(personalAssistants)
      .values({ id, commissionerId: input.commissionerId, holderId: input.holderId, ...input.details, payrollReference, accountId: account.id })
      .returning();
    await recordAudit(
      tx,
      { ...input.actor, onBehalfOfHolderId: input.holderId },
      {
        action: "personal-assistant.added",
        entityType: "personal-assistant",
        entityId: id,
        // The NI number is kept out of the audit log: it is shown masked everywhere but payroll.
        after: { name, startsOn: assistant.startsOn, payrollReference, hourlyRatePence: assistant.hourlyRatePence },
      },
    );
    return { ok: true, assistant };
  });
}

export async function employerOf(db: Database, holderId: string) {
  const [employer] = await db.select().from(employers).where(eq(employers.holderId, holderId));
  if (!employer) return null;
  const assistants = await db.select().from(personalAssistants).where(eq(personalAssistants.holderId, holderId)).orderBy(asc(personalAssistants.familyName));
  return { employer, assistants };
}

/**
 * What each holder owes and has not paid yet: net pay before pay day, and what HMRC and the pension schemes are due
 * until it is paid. Their accounts hold what is owed as a negative balance; money paid early counts as nothing owed.
 */
export async function owedByHolder(db: Database, holderIds: string[]): Promise<Map<string, Pence>> {
  if (holderIds.length === 0) return new Map();
  // Each account found by its id, as in checkRun: one `or` condition per holder would read every ledger account.
  const rows = rowsOf<{ holder_id: string; owed: string }>(
    await db.execute(sql`
      select e.holder_id, coalesce(sum(greatest(-a.balance_pence, 0)), 0) as owed
        from employers e
        cross join lateral (select e.hmrc_account_id as account_id union select e.pension_account_id
                            union select o.account_id from personal_assistants o where o.holder_id = e.holder_id) owing
        join ledger_accounts a on a.id = owing.account_id
       where e.holder_id = any(array[${sql.join(
         holderIds.map((id) => sql`${id}::uuid`),
         sql`, `,
       )}])
       group by e.holder_id`),
  );
  return new Map(rows.map((r) => [r.holder_id, Number(r.owed)]));
}
