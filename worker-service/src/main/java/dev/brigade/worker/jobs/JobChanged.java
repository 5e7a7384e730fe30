package dev.brigade.worker.jobs;

/** A CDI event fired after a change to a job's row committed; {@code job} is the row as it is now. */
public record JobChanged(JobView job) {
}
