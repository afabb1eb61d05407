-- Every event gets its place counters when it is stored (sync-service.ts), so the first wave of
-- registrations for a new event no longer each find the row missing; this adds them for the
-- events stored before.
INSERT INTO "event_places" ("event_id")
SELECT "id" FROM "sync_records" WHERE "kind" = 'event'
ON CONFLICT ("event_id") DO NOTHING;
