-- One row per periodic clean-up that one replica at a time runs (common's OneReplicaAtATime): whoever moves
-- locked_until from the past into the future runs it; the others skip that round.
CREATE TABLE cluster_lock (
    name         VARCHAR(64)              PRIMARY KEY,
    locked_until TIMESTAMP WITH TIME ZONE NOT NULL,
    locked_by    VARCHAR(64)              NOT NULL
);
