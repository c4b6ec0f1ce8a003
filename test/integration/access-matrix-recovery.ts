import type { Role } from "~/access/route-access";
import type { Actor } from "~/audit/audit.server";
import { approveRecovery, proposeRecovery } from "~/recovery/recoveries.server";
import { listLetters } from "~/recovery/recovery-views.server";
import { insertStaff } from "../factories";
import type { AccessWorld, CallFor, MethodCalls } from "./access-matrix-fixtures";

const actorOf = (user: { id: string; commissionerId: string }): Actor => ({ userId: user.id, commissionerId: user.commissionerId });

/** A proposal of 1p from the holder's direct payment, by a finance officer of its own, waiting for a decision. */
async function proposalOf(w: AccessWorld) {
  const finance = await insertStaff(w.commissioner.id, "finance");
  const proposed = await proposeRecovery(w.db, {
    actor: actorOf(finance),
    holderId: w.holder.id,
    proposal: {
      amount: 1,
      reason: "A surplus",
      workings: "The balance less the contingency",
      method: "account",
      instalmentCount: null,
      promptedByType: null,
      promptedById: null,
    },
  });
  if (!proposed.ok) throw new Error(proposed.message);
  return proposed.recovery.id;
}

/** A letter sent to the holder: a proposal approved by an approver of its own. */
async function letterOf(w: AccessWorld) {
  const recoveryId = await proposalOf(w);
  const approver = await insertStaff(w.commissioner.id, "approver");
  const approved = await approveRecovery(w.db, { actor: actorOf(approver), holderId: w.holder.id, recoveryId, today: w.today });
  if (!approved.ok) throw new Error(approved.message);
  return (await listLetters(w.db, w.holder.id))[0].id;
}

const detail = (w: AccessWorld, recoveryId: string) => ({
  path: `/staff/holders/${w.holder.id}/recovery/${recoveryId}`,
  params: { holderId: w.holder.id, recoveryId },
});

/** One decision per key, made once: a proposal approved or refused stays so, and answers the same again. */
const decide =
  (intent: "approve" | "refuse" | "withdraw"): CallFor =>
  async (w: AccessWorld, _role: Role) => ({
    ...detail(w, await w.once(`recovery to ${intent}`, () => proposalOf(w))),
    form: { intent, reason: "Not needed after all" },
  });

/** How the matrix asks the recovery routes (see ROUTE_CALLS). */
export const RECOVERY_CALLS: Record<string, { GET: MethodCalls; POST?: MethodCalls }> = {
  "staff.holders.$holderId.recovery.tsx": {
    GET: (w) => ({ path: `/staff/holders/${w.holder.id}/recovery`, params: { holderId: w.holder.id } }),
    POST: (w) => ({
      path: `/staff/holders/${w.holder.id}/recovery`,
      params: { holderId: w.holder.id },
      form: { amount: "0.01", reason: "A surplus beyond the contingency", workings: "The balance less 8 weeks of instalments", method: "account" },
    }),
  },
  "staff.holders.$holderId.recovery_.$recoveryId.tsx": {
    GET: async (w) => detail(w, await w.once("recovery to show", () => proposalOf(w))),
    POST: { byVariant: { "intent=withdraw": decide("withdraw"), "intent=approve": decide("approve"), "intent=refuse": decide("refuse") } },
  },
  "letters.$letterId.tsx": {
    GET: async (w) => {
      const letterId = await w.once("letter", () => letterOf(w));
      return { path: `/letters/${letterId}?holder=${w.holder.id}`, params: { letterId } };
    },
  },
  "letters.$letterId_.pdf.ts": {
    GET: async (w) => {
      const letterId = await w.once("letter", () => letterOf(w));
      return { path: `/letters/${letterId}/pdf?holder=${w.holder.id}`, params: { letterId } };
    },
  },
};
