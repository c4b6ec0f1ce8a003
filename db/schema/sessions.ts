import { boolean, index, pgTable, text, timestamp, uuid, bigserial } from "drizzle-orm/pg-core";
import { holders, users } from "./people";

/** The cookie holds only a random id; the row holds its SHA-256 so a leaked table cannot sign anyone in. */
export const sessions = pgTable(
  "sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tokenHash: text("token_hash").notNull().unique(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    actingForHolderId: uuid("acting_for_holder_id").references(() => holders.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/**
 * One row per sign-in attempt, written as a failure before the password is checked and marked succeeded after,
 * so attempts still being checked count towards the account's lockout and the network's limit.
 */
export const signInAttempts = pgTable(
  "sign_in_attempts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    email: text("email").notNull(),
    /** The client's IPv4 address or IPv6 /64 (networkOf); null for attempts from before it was kept. */
    network: text("network"),
    succeeded: boolean("succeeded").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("sign_in_attempts_email_idx").on(t.email, t.at), index("sign_in_attempts_network_idx").on(t.network, t.at)],
);
