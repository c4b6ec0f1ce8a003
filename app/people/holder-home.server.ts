import type { Database } from "#db/client.server";
import { loadHolderMoney } from "~/budgets/money.server";
import { loadPlanHistory } from "~/plans/plan-in-force.server";
import { holderPlanSummary } from "~/plans/plan-views.server";
import { voiceFor } from "./voice";

/**
 * Everything the holder's home page shows, to them or to someone acting for them: the plan is read once and both the
 * plan's summary and the money are worked out from it. Null for no such holder.
 */
export async function loadHolderHome(db: Database, input: { holderId: string; today: string; actingFor: boolean }) {
  const history = await loadPlanHistory(db, input.holderId);
  if (!history) return null;
  const voice = voiceFor(history.holder, input.actingFor);
  const money = await loadHolderMoney(db, { holderId: input.holderId, today: input.today, history });
  return { holder: history.holder, voice, plan: holderPlanSummary(history, { today: input.today, voice }), money };
}
