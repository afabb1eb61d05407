CREATE TABLE "app_work_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"work_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"action" text NOT NULL,
	"by_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"note" text,
	"document" jsonb
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "works_editor" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "app_works" ADD COLUMN "content_id" text;--> statement-breakpoint
ALTER TABLE "app_works" ADD COLUMN "provenance" text DEFAULT 'app' NOT NULL;--> statement-breakpoint
ALTER TABLE "app_works" ADD COLUMN "content_hash" text;--> statement-breakpoint
ALTER TABLE "app_works" ADD COLUMN "draft" jsonb;--> statement-breakpoint
ALTER TABLE "app_works" ADD COLUMN "published" jsonb;--> statement-breakpoint
ALTER TABLE "app_works" ADD COLUMN "state" text DEFAULT 'published' NOT NULL;--> statement-breakpoint
ALTER TABLE "app_works" ADD COLUMN "listed" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "app_works" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "app_works" ADD COLUMN "published_version" integer;--> statement-breakpoint
ALTER TABLE "app_works" ADD COLUMN "return_reason" text;--> statement-breakpoint
ALTER TABLE "app_works" ADD COLUMN "last_editor_id" uuid;--> statement-breakpoint
ALTER TABLE "app_works" ADD COLUMN "created_by" uuid;--> statement-breakpoint
ALTER TABLE "app_works" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "app_work_versions" ADD CONSTRAINT "app_work_versions_work_id_app_works_id_fk" FOREIGN KEY ("work_id") REFERENCES "public"."app_works"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app_work_versions" ADD CONSTRAINT "app_work_versions_by_id_accounts_id_fk" FOREIGN KEY ("by_id") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "app_work_versions_work_idx" ON "app_work_versions" USING btree ("work_id","at");--> statement-breakpoint
ALTER TABLE "app_works" ADD CONSTRAINT "app_works_last_editor_id_accounts_id_fk" FOREIGN KEY ("last_editor_id") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app_works" ADD CONSTRAINT "app_works_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "app_works_content_id_key" ON "app_works" USING btree ("content_id");