-- Who may read a job, its events and its file (besides staff): the subject (Keycloak user id) of the customer an
-- invoice is for, or of the staff member who ran a report. Jobs from before identity have none: staff only.
ALTER TABLE job ADD COLUMN owner VARCHAR(255);
