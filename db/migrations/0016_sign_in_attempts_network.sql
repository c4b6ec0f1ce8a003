ALTER TABLE "sign_in_attempts" ADD COLUMN "network" text;--> statement-breakpoint
CREATE INDEX "sign_in_attempts_network_idx" ON "sign_in_attempts" USING btree ("network","at");