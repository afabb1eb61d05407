ALTER TABLE "event_places" ADD COLUMN "held" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "event_places" ADD COLUMN "waitlisted" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "event_places" ADD COLUMN "next_offer_expires_at" timestamp with time zone;--> statement-breakpoint
-- Backfill: what each event's registrations add up to (the same sums as registration-places.ts `recount`).
UPDATE "event_places" SET
  "held" = "totals"."held",
  "waitlisted" = "totals"."waitlisted",
  "next_offer_expires_at" = "totals"."next_offer_expires_at"
FROM (
  SELECT "event_id",
    coalesce(sum(CASE WHEN "status" IN ('pending', 'confirmed') THEN "headcount" WHEN "status" = 'offered' THEN "offer_headcount" ELSE 0 END), 0)::integer AS "held",
    (count(*) FILTER (WHERE "status" = 'waitlisted'))::integer AS "waitlisted",
    min("offer_expires_at") FILTER (WHERE "status" = 'offered') AS "next_offer_expires_at"
  FROM "registrations" GROUP BY "event_id"
) AS "totals"
WHERE "totals"."event_id" = "event_places"."event_id";
