package dev.brigade.worker.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.brigade.common.problem.ProblemException;
import dev.brigade.worker.config.WorkerConfig;
import dev.brigade.worker.jobs.JobChanged;
import dev.brigade.worker.jobs.JobStore;
import dev.brigade.worker.jobs.JobView;
import io.quarkus.scheduler.Scheduled;

/**
 * The open {@code /api/jobs/{id}/events} streams. Changes made by this replica arrive as {@link JobChanged} events
 * the moment they commit; a periodic re-read of the jobs with open streams, {@value #RESYNC_BATCH} jobs per query,
 * catches what another replica changed. Each change is written as JSON once, whatever the number of its streams.
 * There are at most {@code worker.events.max-streams} open streams, {@code max-streams-per-job} of one job; a
 * request beyond is answered {@code 503} with {@code Retry-After}.
 */
@ApplicationScoped
public class JobEventStreams {

    static final String STATE = "state";
    static final String PROGRESS = "progress";
    static final int RESYNC_BATCH = 500;
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final JobStore store;
    private final ObjectMapper mapper;
    private final WorkerConfig.Events limits;
    private final Map<String, List<Stream>> open = new ConcurrentHashMap<>();

    JobEventStreams(JobStore store, ObjectMapper mapper, WorkerConfig config) {
        this.store = store;
        this.mapper = mapper;
        this.limits = config.events();
    }

    void open(String jobId, SseEventSink sink, Sse sse) {
        JobView current = store.view(jobId).orElseThrow(() -> ProblemException.notFound("Job", jobId));
        Stream stream = new Stream(jobId, sink, sse);
        if (!current.status().isFinal()) {
            admit(jobId, stream);
        }
        stream.deliver(current, json(current));
    }

    /** Counts and adds under one lock, so a burst of requests cannot open more streams than the limits allow. */
    private synchronized void admit(String jobId, Stream stream) {
        open.values().forEach(streams -> streams.removeIf(Stream::isClosed));
        int all = open.values().stream().mapToInt(List::size).sum();
        List<Stream> ofJob = open.computeIfAbsent(jobId, id -> new CopyOnWriteArrayList<>());
        if (all >= limits.maxStreams() || ofJob.size() >= limits.maxStreamsPerJob()) {
            throw ProblemException.retryLater("too-many-streams", "This service has " + all + " open event streams ("
                    + ofJob.size() + " of job " + jobId + "), the most it keeps (" + limits.maxStreams() + ", "
                    + limits.maxStreamsPerJob() + " per job); poll GET /api/jobs/" + jobId + " or try again later",
                    RETRY_AFTER, null);
        }
        ofJob.add(stream);
    }

    void onChange(@Observes JobChanged change) {
        deliver(change.job());
    }

    private void deliver(JobView job) {
        List<Stream> streams = open.getOrDefault(job.id(), List.of());
        if (streams.isEmpty()) {
            return;
        }
        String json = json(job);
        for (Stream stream : streams) {
            stream.deliver(job, json);
        }
    }

    @Scheduled(every = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void resync() {
        open.values().forEach(streams -> streams.removeIf(Stream::isClosed));
        open.values().removeIf(List::isEmpty);
        if (open.isEmpty()) {
            return;
        }
        List<String> ids = List.copyOf(open.keySet());
        for (int from = 0; from < ids.size(); from += RESYNC_BATCH) {
            store.views(ids.subList(from, Math.min(ids.size(), from + RESYNC_BATCH))).forEach(this::deliver);
        }
    }

    private String json(JobView job) {
        try {
            return mapper.writeValueAsString(job);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a job view cannot be written as JSON", e);
        }
    }

    private final class Stream {

        private final String jobId;
        private final SseEventSink sink;
        private final Sse sse;
        private JobView lastSent;

        Stream(String jobId, SseEventSink sink, Sse sse) {
            this.jobId = jobId;
            this.sink = sink;
            this.sse = sse;
        }

        boolean isClosed() {
            return sink.isClosed();
        }

        /** Sends the job unless this stream showed it already: as {@code state} if its status changed, else {@code progress}. */
        synchronized void deliver(JobView job, String json) {
            if (sink.isClosed() || lastSent != null && (lastSent.status().isFinal() || !isNewer(job, lastSent))) {
                return;
            }
            String name = lastSent == null || lastSent.status() != job.status() ? STATE : PROGRESS;
            lastSent = job;
            // The JSON is written here, not by the sink: a typed event would carry a non-standard content-type line.
            sink.send(sse.newEventBuilder().name(name).data(json).build())
                    .whenComplete((sent, failure) -> {
                        if (failure != null || job.status().isFinal()) {
                            close();
                        }
                    });
        }

        /** A re-read from the database can be older than an event that overtook it; the stream never goes back. */
        private static boolean isNewer(JobView job, JobView than) {
            int attempts = Integer.compare(job.attempts(), than.attempts());
            if (attempts != 0) {
                return attempts > 0;
            }
            int status = Integer.compare(rank(job), rank(than));
            if (status != 0) {
                return status > 0;
            }
            return job.progress() > than.progress() || job.progress() == than.progress() && !job.equals(than);
        }

        private static int rank(JobView job) {
            return switch (job.status()) {
                case QUEUED -> 0;
                case RUNNING -> 1;
                case SUCCEEDED, FAILED -> 2;
            };
        }

        private void close() {
            List<Stream> streams = open.get(jobId);
            if (streams != null) {
                streams.remove(this);
            }
            if (!sink.isClosed()) {
                sink.close();
            }
        }
    }
}
