CREATE TABLE "base_history" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "base_history_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"base_id" text NOT NULL,
	"action" text NOT NULL,
	"field" text,
	"previous" jsonb,
	"value" jsonb,
	"account_id" uuid,
	"proposal_id" uuid,
	"version" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "base_proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"base_id" text NOT NULL,
	"status" text NOT NULL,
	"changes" jsonb NOT NULL,
	"loaded_versions" jsonb NOT NULL,
	"before" jsonb NOT NULL,
	"note" text,
	"proposed_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"reason" text
);
--> statement-breakpoint
ALTER TABLE "bases" ADD COLUMN "version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "bases" ADD COLUMN "fields" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "bases" ADD COLUMN "minor_fields_direct" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "base_history" ADD CONSTRAINT "base_history_base_id_bases_id_fk" FOREIGN KEY ("base_id") REFERENCES "public"."bases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "base_history" ADD CONSTRAINT "base_history_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "base_history" ADD CONSTRAINT "base_history_proposal_id_base_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."base_proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "base_proposals" ADD CONSTRAINT "base_proposals_base_id_bases_id_fk" FOREIGN KEY ("base_id") REFERENCES "public"."bases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "base_proposals" ADD CONSTRAINT "base_proposals_proposed_by_accounts_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "base_proposals" ADD CONSTRAINT "base_proposals_decided_by_accounts_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "base_history_base_idx" ON "base_history" USING btree ("base_id","id");--> statement-breakpoint
CREATE INDEX "base_proposals_status_idx" ON "base_proposals" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "base_proposals_base_idx" ON "base_proposals" USING btree ("base_id","created_at");