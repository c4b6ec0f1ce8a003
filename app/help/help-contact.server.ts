import { eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { helpContactDetails } from "#db/schema";
import { recordAudit, type Actor } from "~/audit/audit.server";

export interface HelpContact {
  phone: string;
  email: string;
  openingHours: string;
}

/** The team's contact details, or null where they have not been given yet. */
export async function loadHelpContact(db: Database, commissionerId: string): Promise<HelpContact | null> {
  const [row] = await db
    .select({ phone: helpContactDetails.phone, email: helpContactDetails.email, openingHours: helpContactDetails.openingHours })
    .from(helpContactDetails)
    .where(eq(helpContactDetails.commissionerId, commissionerId));
  return row ?? null;
}

/** Sets the contact details the help page shows, recording what they were before. */
export async function saveHelpContact(db: Database, input: { actor: Actor; commissionerId: string } & HelpContact) {
  const { actor, commissionerId, ...details } = input;
  await db.transaction(async (tx) => {
    const before = await loadHelpContact(tx, commissionerId);
    await tx
      .insert(helpContactDetails)
      .values({ commissionerId, ...details })
      .onConflictDoUpdate({ target: helpContactDetails.commissionerId, set: { ...details, updatedAt: new Date() } });
    await recordAudit(tx, actor, { action: "help-contact.saved", entityType: "commissioner", entityId: commissionerId, before, after: details });
  });
}
