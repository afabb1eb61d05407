ALTER TABLE "accounts" ADD COLUMN "status_reason" text;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "status_changed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "ratings" ADD COLUMN "address_hash" text;--> statement-breakpoint
ALTER TABLE "sync_records" ADD COLUMN "starts_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sync_records" ADD COLUMN "ends_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "ratings_address_idx" ON "ratings" USING btree ("address_hash","base_id","day");--> statement-breakpoint
CREATE INDEX "sync_records_event_time_idx" ON "sync_records" USING btree ("kind","ends_at");--> statement-breakpoint
CREATE INDEX "sync_records_kind_change_idx" ON "sync_records" USING btree ("kind","change");--> statement-breakpoint
-- Events stored before start/end were checked: copy the instants PostgreSQL can hold; a record it
-- cannot (an offset such as +23:00, year 0000) keeps null times and drops out of every read until
-- its staff edit it, instead of failing the public calendar for everybody.
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT id, payload FROM sync_records WHERE kind = 'event' LOOP
    BEGIN
      UPDATE sync_records SET starts_at = (r.payload->>'start')::timestamptz, ends_at = (r.payload->>'end')::timestamptz WHERE id = r.id;
    EXCEPTION WHEN others THEN
      NULL;
    END;
  END LOOP;
END $$;
