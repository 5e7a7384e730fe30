package dev.brigade.worker.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.brigade.common.problem.Problem;
import dev.brigade.worker.jobs.JobView;

/** The answer to {@code POST /api/jobs/batch}: one per job, in the order they were sent. */
public record JobBatchAnswer(List<Item> jobs) {

    /**
     * What {@code POST /api/jobs} would have answered for this job: its status (202 queued, 200 the job its key named
     * before) and the job, or the status and problem of a job that was not queued.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(int status, JobView job, Problem problem) {

        static Item of(JobView job, boolean created) {
            return new Item(created ? 202 : 200, job, null);
        }

        static Item refused(Problem problem) {
            return new Item(problem.status(), null, problem);
        }
    }
}
