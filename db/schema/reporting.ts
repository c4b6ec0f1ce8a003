import { pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { commissioners, users } from "./people";

/**
 * The cost centre and subjective code a commissioner's finance system books each kind of journal line to (see
 * app/reporting/journal-codes.ts for the kinds and the codes used until one is set here).
 */
export const journalCodes = pgTable(
  "journal_codes",
  {
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    codeKey: text("code_key").notNull(),
    costCentre: text("cost_centre").notNull(),
    subjectiveCode: text("subjective_code").notNull(),
    setBy: uuid("set_by")
      .notNull()
      .references(() => users.id),
    setAt: timestamp("set_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.commissionerId, t.codeKey] })],
);
