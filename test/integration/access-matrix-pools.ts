import { randomInt } from "node:crypto";
import type { Actor } from "~/audit/audit.server";
import { openArrangement } from "~/budgets/arrangements.server";
import { joinPooledAccount } from "~/budgets/bank-accounts.server";
import { recordPool } from "~/reconciliation/pooled-accounts.server";
import { insertHolder, insertStaff } from "../factories";
import type { AccessWorld, MethodCalls } from "./access-matrix-fixtures";

const actorOf = (user: { id: string; commissionerId: string }): Actor => ({ userId: user.id, commissionerId: user.commissionerId });

/** A pooled account of the commissioner's with one holder in it (not the matrix's holder, whose own account stays theirs). */
async function poolOf(w: AccessWorld) {
  const finance = await insertStaff(w.commissioner.id, "finance");
  const recorded = await recordPool(w.db, {
    actor: actorOf(finance),
    details: { accountName: "Managed accounts", sortCode: "309430", accountNumber: "40000001", supportOrganisationId: null },
  });
  if (!recorded.ok) throw new Error(recorded.message);
  const { holder: member } = await insertHolder(w.commissioner.id);
  await openArrangement(w.db, { commissionerId: w.commissioner.id, holderId: member.id, holding: "direct-payment", on: w.planStart });
  const joined = await joinPooledAccount(w.db, { actor: actorOf(finance), holderId: member.id, poolId: recorded.poolId, poolReference: "PHB 0001" });
  if (!joined.ok) throw new Error(joined.message);
  return recorded.poolId;
}

const ddmmyyyy = (iso: string) => iso.split("-").reverse().join("/");

/** How the matrix asks the pooled account routes (see ROUTE_CALLS). */
export const POOL_CALLS: Record<string, { GET: MethodCalls; POST?: MethodCalls }> = {
  "staff.pooled-accounts._index.tsx": {
    GET: () => ({ path: "/staff/pooled-accounts" }),
    // A pooled account of its own per request: one account number is one open pool.
    POST: () => ({
      path: "/staff/pooled-accounts",
      form: { accountName: "Managed accounts", sortCode: "30-94-30", accountNumber: String(randomInt(10_000_000, 99_999_999)), supportOrganisationId: "" },
    }),
  },
  "staff.pooled-accounts.$poolId.tsx": {
    GET: async (w) => {
      const poolId = await w.once("pooled account", () => poolOf(w));
      return { path: `/staff/pooled-accounts/${poolId}`, params: { poolId } };
    },
    // Lines imported before add nothing, so every finance upload is answered the same.
    POST: async (w) => {
      const poolId = await w.once("pooled account", () => poolOf(w));
      return {
        path: `/staff/pooled-accounts/${poolId}`,
        params: { poolId },
        form: { intent: "upload", file: new File([`Date,Description,Reference,Amount\n${ddmmyyyy(w.spentOn)},Care agency,PHB 0001,-1.00\n`], "pool.csv") },
      };
    },
  },
};
