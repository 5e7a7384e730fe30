package dev.brigade.worker.jobs;

import java.time.OffsetDateTime;

/**
 * A job as the API shows it: {@code GET /api/jobs/{id}}, the list, and the data of every event on its stream.
 * {@code owner} is the subject who may read it besides staff.
 */
public record JobView(String id, String type, String key, String owner, JobStatus status, int attempts, int progress,
                      String message, OffsetDateTime createdAt, OffsetDateTime startedAt, OffsetDateTime finishedAt,
                      String error, String resultUrl) {

    JobView withProgress(int percent, String text) {
        return new JobView(id, type, key, owner, status, attempts, percent, text, createdAt, startedAt, finishedAt, error,
                resultUrl);
    }

    static JobView of(Job job, boolean hasResult) {
        return new JobView(job.id, job.type, job.key, job.owner, job.status, job.attempts, job.progress, job.message,
                job.createdAt, job.startedAt, job.finishedAt, job.error,
                hasResult ? "/api/jobs/" + job.id + "/result" : null);
    }
}
