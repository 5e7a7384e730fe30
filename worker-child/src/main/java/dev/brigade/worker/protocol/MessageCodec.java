package dev.brigade.worker.protocol;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The one translation between {@link Message}s and JSON frames, used by the pool and by the child. */
public final class MessageCodec {

    /** Sent in {@link Message.Ready}; a child of another version is refused by the pool. */
    public static final int PROTOCOL_VERSION = 1;

    public ObjectNode encode(Message message) {
        return switch (message) {
            case Message.Ready ready -> {
                ObjectNode frame = frame("ready").put("protocol", ready.protocol()).put("pid", ready.pid());
                ArrayNode types = frame.putArray("jobTypes");
                for (Message.OfferedType offered : ready.jobTypes()) {
                    ObjectNode type = types.addObject().put("type", offered.type())
                            .put("maxPayloadBytes", offered.maxPayloadBytes()).put("diagnostic", offered.diagnostic());
                    offered.requiredFields().forEach(type.putArray("requiredFields")::add);
                }
                yield frame;
            }
            case Message.Ping ping -> frame("ping").put("seq", ping.seq());
            case Message.Pong pong -> frame("pong").put("seq", pong.seq());
            case Message.Exit exit -> frame("exit");
            case Message.ChannelError error -> frame("error").put("error", error.error());
            case Message.Echo echo -> echo.frame();
            case Message.StartJob job -> {
                ObjectNode frame = frame("job");
                ObjectNode body = frame.putObject("job").put("id", job.id()).put("type", job.type());
                if (job.traceparent() != null) {
                    body.put("traceparent", job.traceparent());
                }
                body.set("payload", job.payload());
                yield frame;
            }
            case Message.Progress progress -> frame("progress").put("id", progress.id())
                    .put("percent", progress.percent()).put("message", progress.message());
            case Message.Spans spans -> {
                ObjectNode frame = frame("spans").put("id", spans.id()).put("dropped", spans.dropped());
                ArrayNode list = frame.putArray("spans");
                spans.spans().forEach(span -> ChildSpans.write(span, list.addObject()));
                yield frame;
            }
            case Message.Result result -> {
                ObjectNode frame = frame("result").put("id", result.id()).put("artifact", result.artifact());
                frame.set("result", result.result());
                yield frame;
            }
            case Message.Failure failure -> frame("error").put("id", failure.id()).put("error", failure.error());
        };
    }

    /** The message in {@code frame}; a frame that is none throws {@link ProtocolException} saying why. */
    public Message decode(JsonNode frame) {
        String type = frame.path("type").asText();
        return switch (type) {
            case "ready" -> new Message.Ready(frame.path("protocol").asInt(0), frame.path("pid").asLong(-1),
                    offeredTypes(frame.path("jobTypes")));
            case "ping" -> new Message.Ping(frame.path("seq").asLong());
            case "pong" -> new Message.Pong(frame.path("seq").asLong());
            case "exit" -> new Message.Exit();
            case "echo" -> new Message.Echo((ObjectNode) frame);
            case "error" -> frame.hasNonNull("id")
                    ? new Message.Failure(frame.get("id").asText(), frame.path("error").asText())
                    : new Message.ChannelError(frame.path("error").asText());
            case "job" -> {
                JsonNode job = frame.path("job");
                String id = job.path("id").asText(null);
                if (id == null) {
                    throw new ProtocolException("job without an id");
                }
                yield new Message.StartJob(id, job.path("type").asText(), job.path("payload"),
                        job.path("traceparent").asText(null));
            }
            case "progress" -> new Message.Progress(frame.path("id").asText(), frame.path("percent").asInt(),
                    frame.path("message").asText(""));
            case "spans" -> ChildSpans.read(frame);
            case "result" -> new Message.Result(frame.path("id").asText(), frame.path("artifact").asBoolean(false),
                    frame.get("result"));
            default -> throw new ProtocolException("unknown message type '" + type + "'");
        };
    }

    private static List<Message.OfferedType> offeredTypes(JsonNode types) {
        List<Message.OfferedType> offered = new ArrayList<>();
        for (JsonNode type : types) {
            List<String> required = new ArrayList<>();
            type.path("requiredFields").forEach(field -> required.add(field.asText()));
            offered.add(new Message.OfferedType(type.path("type").asText(), List.copyOf(required),
                    type.path("maxPayloadBytes").asInt(1024 * 1024), type.path("diagnostic").asBoolean(false)));
        }
        return List.copyOf(offered);
    }

    private ObjectNode frame(String type) {
        return JsonNodeFactory.instance.objectNode().put("type", type);
    }
}
