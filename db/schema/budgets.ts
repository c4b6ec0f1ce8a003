import { bigint, check, date, pgTable, timestamp, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { commissioners, holders, supportOrganisations } from "./people";

/**
 * A holder's agreed budget for a period and how it is held: any mix of notional, third-party and direct
 * payment (handbook 2.7.4 g). The plans issue sets these from an approved plan version.
 */
export const budgets = pgTable(
  "budgets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    commissionerId: uuid("commissioner_id").notNull().references(() => commissioners.id),
    holderId: uuid("holder_id").notNull().references(() => holders.id),
    startsOn: date("starts_on", { mode: "string" }).notNull(),
    notionalPence: bigint("notional_pence", { mode: "number" }).notNull().default(0),
    thirdPartyPence: bigint("third_party_pence", { mode: "number" }).notNull().default(0),
    directPaymentPence: bigint("direct_payment_pence", { mode: "number" }).notNull().default(0),
    thirdPartyOrganisationId: uuid("third_party_organisation_id").references(() => supportOrganisations.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("budgets_amounts_not_negative", sql`${t.notionalPence} >= 0 and ${t.thirdPartyPence} >= 0 and ${t.directPaymentPence} >= 0`),
    check("budgets_third_party_needs_organisation", sql`${t.thirdPartyPence} = 0 or ${t.thirdPartyOrganisationId} is not null`),
  ],
);
