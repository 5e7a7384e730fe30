package dev.brigade.worker.jobs;

/**
 * A CDI event fired after a job's row changed and the change committed: {@code STATE} when its status changed,
 * {@code PROGRESS} when its handler reported progress.
 */
public record JobChanged(Kind kind, JobView job) {

    public enum Kind {
        STATE, PROGRESS
    }
}
