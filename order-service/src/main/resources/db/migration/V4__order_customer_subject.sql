-- The customer an order belongs to: the subject of their access token (Keycloak's stable user id). "My orders" reads
-- by it, newest first. Orders from before sign-in have none and are seen by staff only.
ALTER TABLE customer_order ADD COLUMN customer_subject VARCHAR(255);
CREATE INDEX customer_order_subject_idx ON customer_order (customer_subject, created_at, id);
