-- holders is a tenant table already behind row-level security (migration 0015): the new columns need no policy of their own.
CREATE TYPE "public"."referral_source" AS ENUM('gp', 'hospital-discharge', 'chc-assessment', 'social-care', 'self-or-family', 'other');--> statement-breakpoint
ALTER TABLE "holders" ADD COLUMN "phone" text;--> statement-breakpoint
ALTER TABLE "holders" ADD COLUMN "email" text;--> statement-breakpoint
ALTER TABLE "holders" ADD COLUMN "postal_address" text;--> statement-breakpoint
ALTER TABLE "holders" ADD COLUMN "referred_by" "referral_source";--> statement-breakpoint
ALTER TABLE "holders" ADD COLUMN "referred_by_other" text;--> statement-breakpoint
ALTER TABLE "holders" ADD COLUMN "added_by" uuid;--> statement-breakpoint
ALTER TABLE "holders" ADD CONSTRAINT "holders_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
