CREATE SEQUENCE "public"."expert_change_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "expert_contacts" (
	"expert_id" uuid PRIMARY KEY NOT NULL,
	"email" text,
	"phone" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "expert_invites" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"expert_id" uuid NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "expert_profile_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"expert_id" uuid NOT NULL,
	"title" text,
	"institution" text,
	"status" text NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" uuid
);
--> statement-breakpoint
CREATE TABLE "expert_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"expert_id" uuid NOT NULL,
	"base_id" text NOT NULL,
	"event_id" uuid NOT NULL,
	"requested_by" uuid,
	"date" date NOT NULL,
	"format" text NOT NULL,
	"message" text NOT NULL,
	"status" text NOT NULL,
	"decline_reason" text,
	"withdrawn_by" text,
	"withdraw_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"responded_at" timestamp with time zone,
	"withdrawn_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"change" bigint DEFAULT nextval('expert_change_seq') NOT NULL
);
--> statement-breakpoint
CREATE TABLE "experts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"name_pinyin" text NOT NULL,
	"name_initials" text NOT NULL,
	"title" text,
	"institution" text,
	"fields" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"region" text,
	"bio" text DEFAULT '' NOT NULL,
	"visibility" jsonb NOT NULL,
	"status" text NOT NULL,
	"source" text NOT NULL,
	"content_key" text,
	"appointment_title" text,
	"appointment_batch" integer,
	"appointed_on" date,
	"term_years" integer,
	"appointment_sources" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"paused" boolean DEFAULT false NOT NULL,
	"account_id" uuid,
	"change" bigint DEFAULT nextval('expert_change_seq') NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "expert_contacts" ADD CONSTRAINT "expert_contacts_expert_id_experts_id_fk" FOREIGN KEY ("expert_id") REFERENCES "public"."experts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expert_invites" ADD CONSTRAINT "expert_invites_expert_id_experts_id_fk" FOREIGN KEY ("expert_id") REFERENCES "public"."experts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expert_invites" ADD CONSTRAINT "expert_invites_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expert_profile_changes" ADD CONSTRAINT "expert_profile_changes_expert_id_experts_id_fk" FOREIGN KEY ("expert_id") REFERENCES "public"."experts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expert_profile_changes" ADD CONSTRAINT "expert_profile_changes_decided_by_accounts_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expert_requests" ADD CONSTRAINT "expert_requests_expert_id_experts_id_fk" FOREIGN KEY ("expert_id") REFERENCES "public"."experts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expert_requests" ADD CONSTRAINT "expert_requests_base_id_bases_id_fk" FOREIGN KEY ("base_id") REFERENCES "public"."bases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expert_requests" ADD CONSTRAINT "expert_requests_event_id_sync_records_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."sync_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expert_requests" ADD CONSTRAINT "expert_requests_requested_by_accounts_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experts" ADD CONSTRAINT "experts_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "expert_invites_expert_idx" ON "expert_invites" USING btree ("expert_id");--> statement-breakpoint
CREATE INDEX "expert_profile_changes_expert_idx" ON "expert_profile_changes" USING btree ("expert_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "expert_profile_changes_pending_key" ON "expert_profile_changes" USING btree ("expert_id") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "expert_requests_expert_idx" ON "expert_requests" USING btree ("expert_id","status");--> statement-breakpoint
CREATE INDEX "expert_requests_event_idx" ON "expert_requests" USING btree ("event_id","status");--> statement-breakpoint
CREATE INDEX "expert_requests_base_created_idx" ON "expert_requests" USING btree ("base_id","created_at");--> statement-breakpoint
CREATE INDEX "expert_requests_change_idx" ON "expert_requests" USING btree ("change");--> statement-breakpoint
CREATE UNIQUE INDEX "expert_requests_live_key" ON "expert_requests" USING btree ("expert_id","event_id","date") WHERE status in ('requested', 'accepted');--> statement-breakpoint
CREATE UNIQUE INDEX "experts_content_key" ON "experts" USING btree ("content_key");--> statement-breakpoint
CREATE UNIQUE INDEX "experts_account_key" ON "experts" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "experts_change_idx" ON "experts" USING btree ("change");