ALTER TABLE "experts" ADD COLUMN "photo" jsonb;--> statement-breakpoint
ALTER TABLE "app_works" ADD COLUMN "expert_credits" jsonb DEFAULT '[]'::jsonb NOT NULL;