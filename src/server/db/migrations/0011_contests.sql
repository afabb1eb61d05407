CREATE SEQUENCE "public"."contest_change_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "review_assignments" (
	"panel_id" uuid NOT NULL,
	"item_kind" text NOT NULL,
	"item_id" text NOT NULL,
	"account_id" uuid NOT NULL,
	"status" text DEFAULT 'assigned' NOT NULL,
	"scores" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"submitted_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "review_assignments_panel_id_item_kind_item_id_account_id_pk" PRIMARY KEY("panel_id","item_kind","item_id","account_id")
);
--> statement-breakpoint
CREATE TABLE "review_conflicts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_kind" text NOT NULL,
	"subject_id" text NOT NULL,
	"item_kind" text NOT NULL,
	"item_id" text NOT NULL,
	"account_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"panel_id" uuid,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_items" (
	"panel_id" uuid NOT NULL,
	"item_kind" text NOT NULL,
	"item_id" text NOT NULL,
	"organisations" jsonb DEFAULT '[]'::jsonb NOT NULL,
	CONSTRAINT "review_items_panel_id_item_kind_item_id_pk" PRIMARY KEY("panel_id","item_kind","item_id")
);
--> statement-breakpoint
CREATE TABLE "review_panel_members" (
	"panel_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	CONSTRAINT "review_panel_members_panel_id_account_id_pk" PRIMARY KEY("panel_id","account_id")
);
--> statement-breakpoint
CREATE TABLE "review_panels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_kind" text NOT NULL,
	"subject_id" text NOT NULL,
	"stage" text NOT NULL,
	"round" integer DEFAULT 1 NOT NULL,
	"settings" jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "app_works" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"title_zh" text NOT NULL,
	"title_en" text,
	"description" text DEFAULT '' NOT NULL,
	"credits" jsonb NOT NULL,
	"licence" text NOT NULL,
	"media_ids" jsonb NOT NULL,
	"captions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"source" text NOT NULL,
	"source_contest_id" uuid,
	"source_entry_id" uuid,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	"change" bigint DEFAULT nextval('contest_change_seq') NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contest_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contest_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"organisation_key" text NOT NULL,
	"organisation_name" text NOT NULL,
	"title" text NOT NULL,
	"theme" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"entrant_names" jsonb NOT NULL,
	"declaration" jsonb,
	"captions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"eligibility" text DEFAULT 'pending' NOT NULL,
	"eligibility_reason" text,
	"shortlisted" boolean DEFAULT false NOT NULL,
	"submitted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contest_entry_videos" (
	"entry_id" uuid NOT NULL,
	"slot" text NOT NULL,
	"media_id" uuid NOT NULL,
	"bytes" bigint NOT NULL,
	"video" jsonb NOT NULL,
	"attached_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contest_entry_videos_entry_id_slot_pk" PRIMARY KEY("entry_id","slot")
);
--> statement-breakpoint
CREATE TABLE "contest_votes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "contest_votes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"contest_id" uuid NOT NULL,
	"entry_id" uuid NOT NULL,
	"device_id" text NOT NULL,
	"device_issued_at" timestamp with time zone NOT NULL,
	"day" date NOT NULL,
	"address_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"discounted_by" text
);
--> statement-breakpoint
CREATE TABLE "contests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"config" jsonb NOT NULL,
	"published" boolean DEFAULT false NOT NULL,
	"results" jsonb,
	"results_published_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"change" bigint DEFAULT nextval('contest_change_seq') NOT NULL
);
--> statement-breakpoint
ALTER TABLE "review_assignments" ADD CONSTRAINT "review_assignments_panel_id_review_panels_id_fk" FOREIGN KEY ("panel_id") REFERENCES "public"."review_panels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_assignments" ADD CONSTRAINT "review_assignments_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_conflicts" ADD CONSTRAINT "review_conflicts_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_conflicts" ADD CONSTRAINT "review_conflicts_panel_id_review_panels_id_fk" FOREIGN KEY ("panel_id") REFERENCES "public"."review_panels"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_conflicts" ADD CONSTRAINT "review_conflicts_recorded_by_accounts_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_items" ADD CONSTRAINT "review_items_panel_id_review_panels_id_fk" FOREIGN KEY ("panel_id") REFERENCES "public"."review_panels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_panel_members" ADD CONSTRAINT "review_panel_members_panel_id_review_panels_id_fk" FOREIGN KEY ("panel_id") REFERENCES "public"."review_panels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_panel_members" ADD CONSTRAINT "review_panel_members_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_panels" ADD CONSTRAINT "review_panels_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app_works" ADD CONSTRAINT "app_works_source_contest_id_contests_id_fk" FOREIGN KEY ("source_contest_id") REFERENCES "public"."contests"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app_works" ADD CONSTRAINT "app_works_source_entry_id_contest_entries_id_fk" FOREIGN KEY ("source_entry_id") REFERENCES "public"."contest_entries"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_entries" ADD CONSTRAINT "contest_entries_contest_id_contests_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_entries" ADD CONSTRAINT "contest_entries_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_entry_videos" ADD CONSTRAINT "contest_entry_videos_entry_id_contest_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."contest_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_entry_videos" ADD CONSTRAINT "contest_entry_videos_media_id_media_id_fk" FOREIGN KEY ("media_id") REFERENCES "public"."media"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_votes" ADD CONSTRAINT "contest_votes_contest_id_contests_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_votes" ADD CONSTRAINT "contest_votes_entry_id_contest_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."contest_entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contests" ADD CONSTRAINT "contests_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "review_assignments_account_idx" ON "review_assignments" USING btree ("account_id","panel_id");--> statement-breakpoint
CREATE UNIQUE INDEX "review_conflicts_key" ON "review_conflicts" USING btree ("subject_kind","subject_id","item_kind","item_id","account_id");--> statement-breakpoint
CREATE INDEX "review_conflicts_account_idx" ON "review_conflicts" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "review_panel_members_account_idx" ON "review_panel_members" USING btree ("account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "review_panels_stage_round_key" ON "review_panels" USING btree ("subject_kind","subject_id","stage","round");--> statement-breakpoint
CREATE UNIQUE INDEX "app_works_source_entry_key" ON "app_works" USING btree ("source_entry_id");--> statement-breakpoint
CREATE INDEX "app_works_change_idx" ON "app_works" USING btree ("change");--> statement-breakpoint
CREATE INDEX "contest_entries_quota_idx" ON "contest_entries" USING btree ("contest_id","organisation_key","status");--> statement-breakpoint
CREATE INDEX "contest_entries_account_idx" ON "contest_entries" USING btree ("account_id","contest_id");--> statement-breakpoint
CREATE INDEX "contest_entry_videos_media_idx" ON "contest_entry_videos" USING btree ("media_id");--> statement-breakpoint
CREATE UNIQUE INDEX "contest_votes_device_entry_day_key" ON "contest_votes" USING btree ("contest_id","entry_id","device_id","day");--> statement-breakpoint
CREATE INDEX "contest_votes_address_idx" ON "contest_votes" USING btree ("contest_id","address_hash","day");--> statement-breakpoint
CREATE INDEX "contest_votes_entry_idx" ON "contest_votes" USING btree ("contest_id","entry_id");--> statement-breakpoint
CREATE INDEX "contests_change_idx" ON "contests" USING btree ("change");