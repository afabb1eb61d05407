CREATE SEQUENCE "public"."sync_change_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "ratings" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "ratings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"base_id" text NOT NULL,
	"device_id" text NOT NULL,
	"day" date NOT NULL,
	"score" smallint NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sync_records" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"base_id" text NOT NULL,
	"version" integer NOT NULL,
	"payload" jsonb NOT NULL,
	"change" bigint DEFAULT nextval('sync_change_seq') NOT NULL,
	"day" date,
	"category" text,
	"amount" integer,
	"target" uuid,
	"deleted" boolean DEFAULT false NOT NULL,
	"author_id" uuid,
	"device_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ratings" ADD CONSTRAINT "ratings_base_id_bases_id_fk" FOREIGN KEY ("base_id") REFERENCES "public"."bases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_records" ADD CONSTRAINT "sync_records_base_id_bases_id_fk" FOREIGN KEY ("base_id") REFERENCES "public"."bases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_records" ADD CONSTRAINT "sync_records_author_id_accounts_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ratings_device_base_day_key" ON "ratings" USING btree ("device_id","base_id","day");--> statement-breakpoint
CREATE INDEX "ratings_base_day_idx" ON "ratings" USING btree ("base_id","day");--> statement-breakpoint
CREATE INDEX "sync_records_base_change_idx" ON "sync_records" USING btree ("base_id","change");--> statement-breakpoint
CREATE INDEX "sync_records_stats_idx" ON "sync_records" USING btree ("kind","day","base_id");--> statement-breakpoint
CREATE INDEX "sync_records_target_idx" ON "sync_records" USING btree ("target");