package dev.brigade.worker.protocol;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Every message between the pool and a child, in both directions: one record per frame type, written and read by
 * {@link MessageCodec} only. Control messages (the handshake, the heartbeat, shutdown) are apart from job messages,
 * as Node keeps its internal {@code NODE_*} messages apart from a program's own. The frames themselves are listed in
 * the child-process README ("the brigade's frames").
 */
public sealed interface Message permits Message.Control, Message.Job {

    /** Supervision: never about a job. */
    sealed interface Control extends Message permits Ready, Ping, Pong, Exit, ChannelError, Echo {
    }

    /** A job's life: the parent starts it, the child reports on it. Each carries the job's id. */
    sealed interface Job extends Message permits StartJob, Progress, Spans, Result, Failure {
        String id();
    }

    /** child → parent, once after start-up: the child can take a job of these types. */
    record Ready(int protocol, long pid, List<OfferedType> jobTypes) implements Control {
    }

    /** A job type a child runs, what a job of it needs, and whether it exists for the tests. */
    record OfferedType(String type, List<String> requiredFields, int maxPayloadBytes, boolean diagnostic) {
    }

    /** parent → child, every heartbeat interval, also while a job runs. */
    record Ping(long seq) implements Control {
    }

    /** child → parent, the answer to the ping with the same {@code seq}. */
    record Pong(long seq) implements Control {
    }

    /** parent → child: exit now (the child also exits when its stdin ends). */
    record Exit() implements Control {
    }

    /** child → parent: a frame it could not take (malformed, unknown type, not for a child); no job fails. */
    record ChannelError(String error) implements Control {
    }

    /** parent → child → parent: the same frame back, for the IPC benchmark. */
    record Echo(ObjectNode frame) implements Control {
    }

    /**
     * parent → child: run this job (one at a time). With a W3C {@code traceparent} (of the parent's span that runs
     * it) the child records its spans and sends them in {@link Spans} before its answer; without one it records none.
     */
    record StartJob(String id, String type, JsonNode payload, String traceparent) implements Job {

        public StartJob(String id, String type, JsonNode payload) {
            this(id, type, payload, null);
        }
    }

    /** child → parent, any number while the job runs: 0–100 and a line for a person. */
    record Progress(String id, int percent, String message) implements Job {
    }

    /**
     * child → parent, once, just before the {@link Result} or {@link Failure} of a job that came with a
     * {@code traceparent}: the spans the child finished, parents before their children; {@code dropped} counts those
     * over {@link ChildSpan#MAX_PER_JOB}.
     */
    record Spans(String id, List<ChildSpan> spans, int dropped) implements Job {
    }

    /** child → parent: the job's result: an artifact ({@code fileName}, {@code mediaType}, {@code content}), or JSON. */
    record Result(String id, boolean artifact, JsonNode result) implements Job {
    }

    /** child → parent: the job failed with this reason; the child lives on. */
    record Failure(String id, String error) implements Job {
    }
}
