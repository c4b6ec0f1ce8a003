-- Invitations are for one link, and a link grants nothing until the representative takes it up as themselves.
-- Until now another holder could link an existing account, or renew an invitation for it and be handed a token
-- that set its password. From here only the invitation for the link that made an account sets its password; any
-- other link is accepted by the account's owner, signed in.
ALTER TABLE "representative_invitations" ADD COLUMN "sets_password" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "representatives" ADD COLUMN "accepted_at" timestamp with time zone;--> statement-breakpoint
-- An invitation was only ever made for a new account with its first link; another holder's renewal was not one.
UPDATE "representative_invitations" i
   SET "sets_password" = true
 WHERE i.representative_id = (SELECT r.id FROM "representatives" r WHERE r.user_id = i.user_id ORDER BY r.created_at, r.id LIMIT 1);
--> statement-breakpoint
-- A link is taken up when its own invitation was used. One made without an invitation counts as taken up only when
-- the account was one its owner could already sign in to (no invitations at all, or one used before the link was
-- made): a link added to an account whose password was still to be set, and a link whose own invitation was never
-- used, wait for their owner. Whoever is waiting can be sent a new invitation from the holder's page.
UPDATE "representatives" r
   SET "accepted_at" = coalesce(
     (SELECT max(i.accepted_at) FROM "representative_invitations" i WHERE i.representative_id = r.id),
     CASE WHEN NOT EXISTS (SELECT 1 FROM "representative_invitations" i WHERE i.representative_id = r.id)
           AND (NOT EXISTS (SELECT 1 FROM "representative_invitations" i WHERE i.user_id = r.user_id)
                OR EXISTS (SELECT 1 FROM "representative_invitations" i WHERE i.user_id = r.user_id AND i.accepted_at < r.created_at))
          THEN r.created_at END);
