import { relations } from "drizzle-orm";
import { holders } from "./people";
import { directPaymentDecisions, planOutcomes, plans, planSupportLines, planVersions } from "./plans";

/*
 * How a holder's plan hangs together, for drizzle's relational queries: one query reads the holder, their plan, every
 * version with its outcomes and support lines, and the direct payment decisions about them (app/plans/plan-history.server.ts),
 * where separate selects took a round trip each. Relations change no table: drizzle-kit ignores them.
 */
export const holderRelations = relations(holders, ({ one, many }) => ({
  plan: one(plans, { fields: [holders.id], references: [plans.holderId] }),
  directPaymentDecisions: many(directPaymentDecisions),
}));

export const directPaymentDecisionRelations = relations(directPaymentDecisions, ({ one }) => ({
  holder: one(holders, { fields: [directPaymentDecisions.holderId], references: [holders.id] }),
}));

export const planRelations = relations(plans, ({ many }) => ({ versions: many(planVersions) }));

export const planVersionRelations = relations(planVersions, ({ one, many }) => ({
  plan: one(plans, { fields: [planVersions.planId], references: [plans.id] }),
  outcomes: many(planOutcomes),
  supportLines: many(planSupportLines),
}));

export const planOutcomeRelations = relations(planOutcomes, ({ one }) => ({
  version: one(planVersions, { fields: [planOutcomes.planVersionId], references: [planVersions.id] }),
}));

export const planSupportLineRelations = relations(planSupportLines, ({ one }) => ({
  version: one(planVersions, { fields: [planSupportLines.planVersionId], references: [planVersions.id] }),
}));
