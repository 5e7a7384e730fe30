package dev.brigade.worker.api;

import java.util.List;

import dev.brigade.worker.jobs.JobView;

public record JobPage(List<JobView> items, int page, int size, long total) {
}
