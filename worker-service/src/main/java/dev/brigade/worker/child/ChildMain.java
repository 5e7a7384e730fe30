package dev.brigade.worker.child;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.brigade.worker.process.ChildChannel;

/**
 * The brigade child: a plain Java program (no Quarkus) the pool forks. Protocol, one JSON object per frame:
 * <pre>
 * child  → parent  {"type":"ready","pid":123,"jobTypes":["echo",...]}         once, after start-up
 * parent → child   {"type":"ping","seq":7}          child → {"type":"pong","seq":7}   (also while a job runs)
 * parent → child   {"type":"job","job":{"id":"j1","type":"echo","payload":{...}}}
 * child  → parent  {"type":"progress","id":"j1","percent":40,"message":"..."}  any number
 * child  → parent  {"type":"result","id":"j1","result":...}  or  {"type":"error","id":"j1","error":"reason"}
 * parent → child   {"type":"echo",...}              child → the same message (the IPC benchmark)
 * parent → child   {"type":"exit"}                  child exits; so does it when stdin reaches EOF
 * </pre>
 * A second job while one runs is answered with an error for it; a malformed frame with
 * {@code {"type":"error","error":"..."}} (no id). A handler's exception fails only its job.
 */
public final class ChildMain {

    private final ChildChannel channel;
    private final Map<String, JobHandler> handlers = JobHandlers.byType();
    private final ExecutorService jobThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "job");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<String> runningJob = new AtomicReference<>();

    private ChildMain(ChildChannel channel) {
        this.channel = channel;
    }

    public static void main(String[] args) {
        ChildChannel channel = ChildChannel.open();
        ChildMain child = new ChildMain(channel);
        ObjectNode ready = channel.newMessage("ready").put("pid", ProcessHandle.current().pid());
        child.handlers.keySet().forEach(ready.putArray("jobTypes")::add);
        channel.send(ready);
        channel.listen(child::onMessage,
                error -> channel.send(channel.newMessage("error").put("error", error.getMessage())));
        // stdin ended: the parent disconnected or died. A job still running has nobody to report to.
        System.exit(0);
    }

    private void onMessage(JsonNode message) {
        String type = message.path("type").asText();
        switch (type) {
            case "ping" -> channel.send(channel.newMessage("pong").set("seq", message.path("seq")));
            case "echo" -> channel.send(message);
            case "job" -> startJob(message.path("job"));
            case "exit" -> System.exit(0);
            default -> channel.send(channel.newMessage("error").put("error", "unknown message type '" + type + "'"));
        }
    }

    private void startJob(JsonNode job) {
        String id = job.path("id").asText(null);
        if (id == null) {
            channel.send(channel.newMessage("error").put("error", "job without an id"));
            return;
        }
        if (!runningJob.compareAndSet(null, id)) {
            sendError(id, "busy with job " + runningJob.get());
            return;
        }
        jobThread.execute(() -> {
            ObjectNode reply = runJob(id, job.path("type").asText(), job.path("payload"));
            // Free before replying: the parent may hand over the next job as soon as it reads the reply.
            runningJob.set(null);
            channel.send(reply);
        });
    }

    private ObjectNode runJob(String id, String type, JsonNode payload) {
        JobHandler handler = handlers.get(type);
        if (handler == null) {
            return error(id, "unknown job type '" + type + "'");
        }
        ProgressReporter progress = (percent, message) -> channel.send(channel.newMessage("progress").put("id", id)
                .put("percent", Math.max(0, Math.min(100, percent))).put("message", message));
        Object result;
        try {
            result = handler.handle(payload, progress);
        } catch (Exception e) {
            return error(id, e.getMessage() != null ? e.getMessage() : e.getClass().getName());
        } catch (Error e) {
            // The JVM is in doubt (out of memory, ...): report, then let the pool start a fresh child.
            channel.send(error(id, e.toString()));
            System.err.println("fatal error in job " + id + ": " + e);
            Runtime.getRuntime().halt(70);
            return null;
        }
        ObjectNode message = channel.newMessage("result").put("id", id);
        try {
            message.set("result", channel.mapper().valueToTree(result));
        } catch (IllegalArgumentException e) {
            return error(id, "the result cannot be written as JSON: " + e.getMessage());
        }
        return message;
    }

    private ObjectNode error(String id, String reason) {
        return channel.newMessage("error").put("id", id).put("error", reason);
    }

    private void sendError(String id, String reason) {
        channel.send(error(id, reason));
    }
}
