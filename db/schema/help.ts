import { index, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { commissioners } from "./people";

/** How people reach the personal health budget team, shown on the help page to those signed in. */
export const helpContactDetails = pgTable("help_contact_details", {
  commissionerId: uuid("commissioner_id")
    .primaryKey()
    .references(() => commissioners.id),
  phone: text("phone").notNull(),
  email: text("email").notNull(),
  openingHours: text("opening_hours").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const feedbackEase = pgEnum("feedback_ease", ["very-easy", "easy", "neither", "difficult", "very-difficult"]);

/** "Tell us what you think": kept without who sent it, so it holds no personal data beyond what someone typed. */
export const feedback = pgTable(
  "feedback",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    commissionerId: uuid("commissioner_id")
      .notNull()
      .references(() => commissioners.id),
    ease: feedbackEase("ease").notNull(),
    couldBeBetter: text("could_be_better").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("feedback_commissioner_idx").on(t.commissionerId, t.createdAt)],
);
