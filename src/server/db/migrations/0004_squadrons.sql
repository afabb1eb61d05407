CREATE TABLE "event_places" (
	"event_id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "registrations_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"event_id" uuid NOT NULL,
	"squadron_id" uuid NOT NULL,
	"school_account_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"status" text NOT NULL,
	"headcount" integer NOT NULL,
	"offer_headcount" integer,
	"offer_expires_at" timestamp with time zone,
	"decline_reason" text,
	"ticket_code" text,
	"ticket_hash" text,
	"checkin_record_id" uuid,
	"checked_in_at" timestamp with time zone,
	"checked_in_headcount" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "server_secrets" (
	"name" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "squadron_settings" (
	"base_id" text PRIMARY KEY NOT NULL,
	"approval_required" boolean NOT NULL,
	"cutoff_hours" integer NOT NULL,
	"offer_hours" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "squadrons" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"school_account_id" uuid NOT NULL,
	"name" text NOT NULL,
	"grade" integer NOT NULL,
	"headcount" integer NOT NULL,
	"teacher" text NOT NULL,
	"counsellor" text,
	"archived" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "event_places" ADD CONSTRAINT "event_places_event_id_sync_records_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."sync_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registrations" ADD CONSTRAINT "registrations_event_id_sync_records_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."sync_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registrations" ADD CONSTRAINT "registrations_squadron_id_squadrons_id_fk" FOREIGN KEY ("squadron_id") REFERENCES "public"."squadrons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registrations" ADD CONSTRAINT "registrations_school_account_id_accounts_id_fk" FOREIGN KEY ("school_account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "squadron_settings" ADD CONSTRAINT "squadron_settings_base_id_bases_id_fk" FOREIGN KEY ("base_id") REFERENCES "public"."bases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "squadrons" ADD CONSTRAINT "squadrons_school_account_id_accounts_id_fk" FOREIGN KEY ("school_account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "registrations_request_key" ON "registrations" USING btree ("school_account_id","request_id");--> statement-breakpoint
CREATE UNIQUE INDEX "registrations_active_squadron_key" ON "registrations" USING btree ("event_id","squadron_id") WHERE status in ('pending', 'confirmed', 'waitlisted', 'offered');--> statement-breakpoint
CREATE UNIQUE INDEX "registrations_ticket_code_key" ON "registrations" USING btree ("event_id","ticket_code");--> statement-breakpoint
CREATE INDEX "registrations_event_idx" ON "registrations" USING btree ("event_id","status","seq");--> statement-breakpoint
CREATE INDEX "registrations_school_idx" ON "registrations" USING btree ("school_account_id");--> statement-breakpoint
CREATE INDEX "squadrons_school_idx" ON "squadrons" USING btree ("school_account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sync_records_checkin_once_key" ON "sync_records" USING btree ("target") WHERE kind = 'checkin';