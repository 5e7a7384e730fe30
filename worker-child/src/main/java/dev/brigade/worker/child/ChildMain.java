package dev.brigade.worker.child;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;

import dev.brigade.process.ChildChannel;
import dev.brigade.worker.protocol.Message;
import dev.brigade.worker.protocol.MessageCodec;
import dev.brigade.worker.protocol.ProtocolException;

/**
 * The brigade child: a plain Java program (no Quarkus) the pool forks. It says {@link Message.Ready} once, answers
 * each {@link Message.Ping}, runs one {@link Message.StartJob} at a time (reporting {@link Message.Progress} and
 * then a {@link Message.Result} or {@link Message.Failure}, after the job's {@link Message.Spans} when the parent
 * sent a {@code traceparent}), and exits on {@link Message.Exit} or when stdin ends.
 * A second job while one runs fails at once; a frame it cannot take is answered with a
 * {@link Message.ChannelError}. A handler's exception fails only its job.
 */
public final class ChildMain {

    private final ChildChannel channel;
    private final MessageCodec codec;
    private final Map<String, JobHandler> handlers = JobHandlers.byType();
    private final ExecutorService jobThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "job");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<String> runningJob = new AtomicReference<>();

    private ChildMain(ChildChannel channel) {
        this.channel = channel;
        this.codec = new MessageCodec();
    }

    public static void main(String[] args) {
        ChildChannel channel = ChildChannel.open();
        ChildMain child = new ChildMain(channel);
        child.send(new Message.Ready(MessageCodec.PROTOCOL_VERSION, ProcessHandle.current().pid(),
                child.handlers.values().stream().map(handler -> new Message.OfferedType(handler.type(),
                        handler.requiredFields(), handler.maxPayloadBytes(), handler.diagnostic())).toList()));
        channel.listen(child::onFrame, error -> child.send(new Message.ChannelError(error.getMessage())));
        // stdin ended: the parent disconnected or died. A job still running has nobody to report to.
        System.exit(0);
    }

    private void onFrame(JsonNode frame) {
        Message message;
        try {
            message = codec.decode(frame);
        } catch (ProtocolException e) {
            send(new Message.ChannelError(e.getMessage()));
            return;
        }
        switch (message) {
            case Message.Ping ping -> send(new Message.Pong(ping.seq()));
            case Message.Echo echo -> send(echo);
            case Message.StartJob job -> startJob(job);
            case Message.Exit exit -> System.exit(0);
            default -> send(new Message.ChannelError("unknown message type '" + frame.path("type").asText() + "'"));
        }
    }

    private void startJob(Message.StartJob job) {
        if (!runningJob.compareAndSet(null, job.id())) {
            send(new Message.Failure(job.id(), "busy with job " + runningJob.get()));
            return;
        }
        jobThread.execute(() -> {
            JobTrace trace = JobTrace.forJob(job.traceparent());
            Message.Job reply = runJob(job, trace);
            sendSpans(job, trace);
            // Free before replying: the parent may hand over the next job as soon as it reads the reply.
            runningJob.set(null);
            send(reply);
        });
    }

    private Message.Job runJob(Message.StartJob job, JobTrace trace) {
        JobHandler handler = handlers.get(job.type());
        if (handler == null) {
            return new Message.Failure(job.id(), "unknown job type '" + job.type() + "'");
        }
        ProgressReporter progress = (percent, message) ->
                send(new Message.Progress(job.id(), Math.max(0, Math.min(100, percent)), message));
        JobOutput output;
        try {
            output = handler.handle(job.payload(), progress, trace);
        } catch (Exception e) {
            return new Message.Failure(job.id(), e.getMessage() != null ? e.getMessage() : e.getClass().getName());
        } catch (Error e) {
            // The JVM is in doubt (out of memory, ...): report, then let the pool start a fresh child.
            sendSpans(job, trace);
            send(new Message.Failure(job.id(), e.toString()));
            System.err.println("fatal error in job " + job.id() + ": " + e);
            Runtime.getRuntime().halt(70);
            return null;
        }
        return switch (output) {
            case Artifact artifact -> new Message.Result(job.id(), true, channel.mapper().valueToTree(artifact));
            case JobOutput.Data data -> new Message.Result(job.id(), false, data.value());
            case null -> new Message.Failure(job.id(), "the " + job.type() + " handler returned no output");
        };
    }

    /** The job's spans, when the parent asked for them: before its answer, so they reach the attempt's span. */
    private void sendSpans(Message.StartJob job, JobTrace trace) {
        Message.Spans spans = trace.spans(job.id());
        if (spans != null) {
            send(spans);
        }
    }

    private void send(Message message) {
        channel.send(codec.encode(message));
    }
}
