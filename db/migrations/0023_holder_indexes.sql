CREATE INDEX "budgets_holder_idx" ON "budgets" USING btree ("holder_id");--> statement-breakpoint
CREATE INDEX "direct_payment_decisions_holder_idx" ON "direct_payment_decisions" USING btree ("holder_id");--> statement-breakpoint
CREATE INDEX "holding_change_requests_holder_idx" ON "holding_change_requests" USING btree ("holder_id");--> statement-breakpoint
CREATE INDEX "line_commitments_holder_idx" ON "line_commitments" USING btree ("holder_id","line_key");