CREATE TABLE "applicants" (
	"account_id" uuid PRIMARY KEY NOT NULL,
	"institution" text NOT NULL,
	"province" text NOT NULL,
	"contact" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "base_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"call_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"form" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"submitted_at" timestamp with time zone,
	"return_reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"fix_until" timestamp with time zone,
	"checked_by" uuid,
	"checked_at" timestamp with time zone,
	"base_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "base_designations" (
	"batch_id" uuid NOT NULL,
	"base_id" text NOT NULL,
	"list" text NOT NULL,
	"application_id" uuid,
	"call_category" text,
	"renamed" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "base_designations_batch_id_base_id_pk" PRIMARY KEY("batch_id","base_id")
);
--> statement-breakpoint
CREATE TABLE "base_evaluations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"year" integer NOT NULL,
	"config" jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"opened_by" uuid,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	CONSTRAINT "base_evaluations_year_unique" UNIQUE("year")
);
--> statement-breakpoint
CREATE TABLE "designation_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"year" integer NOT NULL,
	"list" text NOT NULL,
	"published_by" uuid,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evaluation_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"evaluation_id" uuid NOT NULL,
	"base_id" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"prefill" jsonb NOT NULL,
	"extra" jsonb DEFAULT '{"summary":""}'::jsonb NOT NULL,
	"grade" text,
	"submitted_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "naming_calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"year" integer NOT NULL,
	"list" text NOT NULL,
	"category" text NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"config" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bases" ADD COLUMN "origin" text DEFAULT 'content' NOT NULL;--> statement-breakpoint
ALTER TABLE "bases" ADD COLUMN "withdrawn_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "applicants" ADD CONSTRAINT "applicants_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "base_applications" ADD CONSTRAINT "base_applications_call_id_naming_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."naming_calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "base_applications" ADD CONSTRAINT "base_applications_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "base_applications" ADD CONSTRAINT "base_applications_checked_by_accounts_id_fk" FOREIGN KEY ("checked_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "base_applications" ADD CONSTRAINT "base_applications_base_id_bases_id_fk" FOREIGN KEY ("base_id") REFERENCES "public"."bases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "base_designations" ADD CONSTRAINT "base_designations_batch_id_designation_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."designation_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "base_designations" ADD CONSTRAINT "base_designations_base_id_bases_id_fk" FOREIGN KEY ("base_id") REFERENCES "public"."bases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "base_designations" ADD CONSTRAINT "base_designations_application_id_base_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."base_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "base_evaluations" ADD CONSTRAINT "base_evaluations_opened_by_accounts_id_fk" FOREIGN KEY ("opened_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "designation_batches" ADD CONSTRAINT "designation_batches_published_by_accounts_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_reports" ADD CONSTRAINT "evaluation_reports_evaluation_id_base_evaluations_id_fk" FOREIGN KEY ("evaluation_id") REFERENCES "public"."base_evaluations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_reports" ADD CONSTRAINT "evaluation_reports_base_id_bases_id_fk" FOREIGN KEY ("base_id") REFERENCES "public"."bases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "naming_calls" ADD CONSTRAINT "naming_calls_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "base_applications_call_account_key" ON "base_applications" USING btree ("call_id","account_id");--> statement-breakpoint
CREATE INDEX "base_applications_call_idx" ON "base_applications" USING btree ("call_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "base_designations_base_list_key" ON "base_designations" USING btree ("base_id","list");--> statement-breakpoint
CREATE UNIQUE INDEX "base_designations_application_key" ON "base_designations" USING btree ("application_id");--> statement-breakpoint
CREATE UNIQUE INDEX "designation_batches_title_year_key" ON "designation_batches" USING btree ("title","year","list");--> statement-breakpoint
CREATE UNIQUE INDEX "evaluation_reports_key" ON "evaluation_reports" USING btree ("evaluation_id","base_id");