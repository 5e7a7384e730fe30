-- A reservation holds its stock until its order confirms it (confirmed_at) or it expires (expires_at): one made
-- without an order gives its stock back by itself. Reservations made before this migration have no expiry.
ALTER TABLE reservation ADD COLUMN expires_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE reservation ADD COLUMN confirmed_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX reservation_expiry_idx ON reservation (expires_at);
