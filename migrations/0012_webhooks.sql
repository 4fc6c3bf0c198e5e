-- Webhooks. An organization's admins register endpoints; a change that causes an event
-- writes it (webhook_events, its body fixed once) and one delivery per subscribed
-- active endpoint (webhook_deliveries) in the change's own transaction. The workers
-- send an endpoint's deliveries in order: a background job of kind 'deliver_webhooks'
-- per endpoint drains them, at most one queued (the partial unique index below) and at
-- most one running per endpoint (the claim checks it).
CREATE TABLE webhook_endpoints (
  id {{id}},
  org_id BIGINT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  url TEXT NOT NULL,
  events TEXT NOT NULL,  -- "*" or event types, separated by spaces
  description TEXT NOT NULL DEFAULT '',
  is_active INTEGER NOT NULL DEFAULT 1,
  secret TEXT NOT NULL,
  -- The secret before the last rotation: it signs too until previous_secret_until.
  previous_secret TEXT,
  previous_secret_until TEXT,
  created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX webhook_endpoints_org_idx ON webhook_endpoints (org_id, id);

CREATE TABLE webhook_events (
  id {{id}},
  public_id TEXT NOT NULL,  -- webhook-id: the same on every attempt
  org_id BIGINT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  body TEXT NOT NULL,  -- the exact bytes sent: {"type", "timestamp", "data"}
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX webhook_events_public_id ON webhook_events (public_id);

CREATE TABLE webhook_deliveries (
  id {{id}},
  org_id BIGINT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  endpoint_id BIGINT NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
  event_id BIGINT NOT NULL REFERENCES webhook_events(id) ON DELETE CASCADE,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts BIGINT NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  last_status_code BIGINT,
  last_error TEXT,
  delivered_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, id);
CREATE INDEX webhook_deliveries_pending_idx ON webhook_deliveries (endpoint_id, id)
  WHERE status = 'pending';
CREATE INDEX webhook_deliveries_event_idx ON webhook_deliveries (event_id);

ALTER TABLE background_jobs ADD COLUMN endpoint_id BIGINT
  REFERENCES webhook_endpoints(id) ON DELETE CASCADE;
CREATE UNIQUE INDEX background_jobs_endpoint_queued ON background_jobs (endpoint_id)
  WHERE status = 'queued';
CREATE INDEX background_jobs_endpoint_running ON background_jobs (endpoint_id)
  WHERE status = 'running';
