CREATE TYPE "public"."cohort" AS ENUM('chc', 'childrens-continuing-care', 's117', 'wheelchair', 'learning-disability-autism', 'mental-health', 'long-term-condition', 'ehc', 'end-of-life', 'other');--> statement-breakpoint
CREATE TYPE "public"."representative_scope" AS ENUM('view', 'log-spending', 'manage-payroll', 'answer-finance-queries', 'agree-plans');--> statement-breakpoint
CREATE TYPE "public"."staff_role" AS ENUM('coordinator', 'finance', 'approver', 'auditor');--> statement-breakpoint
CREATE TYPE "public"."user_kind" AS ENUM('holder', 'representative', 'staff', 'support');--> statement-breakpoint
CREATE TABLE "commissioners" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"ods_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commissioners_ods_code_unique" UNIQUE("ods_code")
);
--> statement-breakpoint
CREATE TABLE "holders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"commissioner_id" uuid NOT NULL,
	"user_id" uuid,
	"nhs_number" text NOT NULL,
	"given_name" text NOT NULL,
	"family_name" text NOT NULL,
	"date_of_birth" date NOT NULL,
	"cohort" "cohort" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "holders_user_id_unique" UNIQUE("user_id")
);
--> statement-breakpoint
CREATE TABLE "representatives" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"commissioner_id" uuid NOT NULL,
	"holder_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"relationship" text NOT NULL,
	"scopes" "representative_scope"[] NOT NULL,
	"consent_given_by" text NOT NULL,
	"consent_given_at" timestamp with time zone NOT NULL,
	"ends_on" date,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staff_roles" (
	"user_id" uuid NOT NULL,
	"role" "staff_role" NOT NULL,
	CONSTRAINT "staff_roles_user_id_role_pk" PRIMARY KEY("user_id","role")
);
--> statement-breakpoint
CREATE TABLE "support_assignments" (
	"support_organisation_id" uuid NOT NULL,
	"holder_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "support_assignments_support_organisation_id_holder_id_pk" PRIMARY KEY("support_organisation_id","holder_id")
);
--> statement-breakpoint
CREATE TABLE "support_organisations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"commissioner_id" uuid NOT NULL,
	"name" text NOT NULL,
	"holds_third_party_budgets" boolean DEFAULT false NOT NULL,
	"runs_payroll" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"commissioner_id" uuid NOT NULL,
	"kind" "user_kind" NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text NOT NULL,
	"support_organisation_id" uuid,
	"locked_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "budgets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"commissioner_id" uuid NOT NULL,
	"holder_id" uuid NOT NULL,
	"starts_on" date NOT NULL,
	"notional_pence" bigint DEFAULT 0 NOT NULL,
	"third_party_pence" bigint DEFAULT 0 NOT NULL,
	"direct_payment_pence" bigint DEFAULT 0 NOT NULL,
	"third_party_organisation_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "budgets_amounts_not_negative" CHECK ("budgets"."notional_pence" >= 0 and "budgets"."third_party_pence" >= 0 and "budgets"."direct_payment_pence" >= 0),
	CONSTRAINT "budgets_third_party_needs_organisation" CHECK ("budgets"."third_party_pence" = 0 or "budgets"."third_party_organisation_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_hash" text NOT NULL,
	"user_id" uuid NOT NULL,
	"acting_for_holder_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone,
	CONSTRAINT "sessions_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "sign_in_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"succeeded" boolean NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"commissioner_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_user_id" uuid,
	"on_behalf_of_holder_id" uuid,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"request_id" text
);
--> statement-breakpoint
ALTER TABLE "holders" ADD CONSTRAINT "holders_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "holders" ADD CONSTRAINT "holders_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "representatives" ADD CONSTRAINT "representatives_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "representatives" ADD CONSTRAINT "representatives_holder_id_holders_id_fk" FOREIGN KEY ("holder_id") REFERENCES "public"."holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "representatives" ADD CONSTRAINT "representatives_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_roles" ADD CONSTRAINT "staff_roles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_assignments" ADD CONSTRAINT "support_assignments_support_organisation_id_support_organisations_id_fk" FOREIGN KEY ("support_organisation_id") REFERENCES "public"."support_organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_assignments" ADD CONSTRAINT "support_assignments_holder_id_holders_id_fk" FOREIGN KEY ("holder_id") REFERENCES "public"."holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_organisations" ADD CONSTRAINT "support_organisations_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budgets" ADD CONSTRAINT "budgets_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budgets" ADD CONSTRAINT "budgets_holder_id_holders_id_fk" FOREIGN KEY ("holder_id") REFERENCES "public"."holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budgets" ADD CONSTRAINT "budgets_third_party_organisation_id_support_organisations_id_fk" FOREIGN KEY ("third_party_organisation_id") REFERENCES "public"."support_organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_acting_for_holder_id_holders_id_fk" FOREIGN KEY ("acting_for_holder_id") REFERENCES "public"."holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_commissioner_id_commissioners_id_fk" FOREIGN KEY ("commissioner_id") REFERENCES "public"."commissioners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_on_behalf_of_holder_id_holders_id_fk" FOREIGN KEY ("on_behalf_of_holder_id") REFERENCES "public"."holders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "holders_nhs_number_key" ON "holders" USING btree ("commissioner_id","nhs_number");--> statement-breakpoint
CREATE INDEX "holders_commissioner_idx" ON "holders" USING btree ("commissioner_id","family_name");--> statement-breakpoint
CREATE INDEX "representatives_user_idx" ON "representatives" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "representatives_holder_idx" ON "representatives" USING btree ("holder_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_key" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sign_in_attempts_email_idx" ON "sign_in_attempts" USING btree ("email","at");--> statement-breakpoint
CREATE INDEX "audit_log_commissioner_at_idx" ON "audit_log" USING btree ("commissioner_id","at");--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor_user_id");