ALTER TYPE "public"."user_kind" ADD VALUE 'assistant';--> statement-breakpoint
CREATE TABLE "assistant_invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"personal_assistant_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"invited_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assistant_invitations_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
ALTER TABLE "assistant_invitations" ADD CONSTRAINT "assistant_invitations_personal_assistant_id_personal_assistants_id_fk" FOREIGN KEY ("personal_assistant_id") REFERENCES "public"."personal_assistants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assistant_invitations" ADD CONSTRAINT "assistant_invitations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assistant_invitations" ADD CONSTRAINT "assistant_invitations_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assistant_invitations_assistant_idx" ON "assistant_invitations" USING btree ("personal_assistant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "personal_assistants_user_key" ON "personal_assistants" USING btree ("user_id");