-- The order list reads newest first, of everyone or of one e-mail address in any case. An index on an expression
-- (lower(customer_email)) is not portable to H2, so the address is kept once more as the list looks it up.
ALTER TABLE customer_order ADD COLUMN customer_email_key VARCHAR(254);
UPDATE customer_order SET customer_email_key = LOWER(customer_email);
CREATE INDEX customer_order_email_key_idx ON customer_order (customer_email_key, created_at, id);
CREATE INDEX customer_order_created_idx ON customer_order (created_at, id);
DROP INDEX customer_order_email_idx;
