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
ALTER TABLE "review_assignments" ADD CONSTRAINT "review_assignments_panel_id_review_panels_id_fk" FOREIGN KEY ("panel_id") REFERENCES "public"."review_panels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_assignments" ADD CONSTRAINT "review_assignments_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_conflicts" ADD CONSTRAINT "review_conflicts_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_conflicts" ADD CONSTRAINT "review_conflicts_panel_id_review_panels_id_fk" FOREIGN KEY ("panel_id") REFERENCES "public"."review_panels"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_conflicts" ADD CONSTRAINT "review_conflicts_recorded_by_accounts_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_items" ADD CONSTRAINT "review_items_panel_id_review_panels_id_fk" FOREIGN KEY ("panel_id") REFERENCES "public"."review_panels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_panel_members" ADD CONSTRAINT "review_panel_members_panel_id_review_panels_id_fk" FOREIGN KEY ("panel_id") REFERENCES "public"."review_panels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_panel_members" ADD CONSTRAINT "review_panel_members_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_panels" ADD CONSTRAINT "review_panels_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "review_assignments_account_idx" ON "review_assignments" USING btree ("account_id","panel_id");--> statement-breakpoint
CREATE UNIQUE INDEX "review_conflicts_key" ON "review_conflicts" USING btree ("subject_kind","subject_id","item_kind","item_id","account_id");--> statement-breakpoint
CREATE INDEX "review_conflicts_account_idx" ON "review_conflicts" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "review_panel_members_account_idx" ON "review_panel_members" USING btree ("account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "review_panels_stage_round_key" ON "review_panels" USING btree ("subject_kind","subject_id","stage","round");