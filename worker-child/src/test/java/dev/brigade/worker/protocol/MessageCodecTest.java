package dev.brigade.worker.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The frames on the wire are the ones in the README's table, and every message survives the trip both ways. */
class MessageCodecTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private final MessageCodec codec = new MessageCodec();

    @Test
    void framesAreTheDocumentedOnes() throws Exception {
        assertEquals("{\"type\":\"ready\",\"protocol\":1,\"pid\":42,\"jobTypes\":[{\"type\":\"invoice\","
                + "\"maxPayloadBytes\":262144,\"diagnostic\":false,\"requiredFields\":[\"/orderId\"]}]}",
                wire(new Message.Ready(MessageCodec.PROTOCOL_VERSION, 42,
                        List.of(new Message.OfferedType("invoice", List.of("/orderId"), 262144, false)))));
        assertEquals("{\"type\":\"job\",\"job\":{\"id\":\"j1\",\"type\":\"invoice\",\"payload\":{\"a\":1}}}",
                wire(new Message.StartJob("j1", "invoice", json("{\"a\":1}"))));
        assertEquals("{\"type\":\"job\",\"job\":{\"id\":\"j1\",\"type\":\"invoice\",\"traceparent\":\"" + TRACEPARENT
                + "\",\"payload\":{}}}", wire(new Message.StartJob("j1", "invoice", json("{}"), TRACEPARENT)));
        assertEquals("{\"type\":\"spans\",\"id\":\"j1\",\"dropped\":0,\"spans\":[{\"id\":1,\"parent\":0,"
                + "\"name\":\"invoice render\",\"startEpochNanos\":10,\"endEpochNanos\":20,"
                + "\"attributes\":{\"brigade.invoice.pages\":2},\"error\":\"disk full\"}]}",
                wire(new Message.Spans("j1", List.of(new ChildSpan(1, 0, "invoice render", 10, 20,
                        Map.of("brigade.invoice.pages", 2L), "disk full")), 0)));
        assertEquals("{\"type\":\"error\",\"id\":\"j1\",\"error\":\"no\"}", wire(new Message.Failure("j1", "no")));
        assertEquals("{\"type\":\"error\",\"error\":\"bad frame\"}", wire(new Message.ChannelError("bad frame")));
    }

    @Test
    void everyMessageComesBackAsItWent() throws Exception {
        List<Message> messages = List.of(new Message.Ready(1, 7, List.of(new Message.OfferedType("sleep", List.of(), 1024, true))), new Message.Ping(3), new Message.Pong(3),
                new Message.Exit(), new Message.ChannelError("x"), new Message.StartJob("j", "report", json("{}")),
                new Message.StartJob("j", "invoice", json("{}"), TRACEPARENT),
                new Message.Spans("j", List.of(new ChildSpan(1, 0, "invoice render", 10, 20,
                        Map.of("pages", 2L, "kind", "pdf", "ratio", 0.5, "ok", true), null),
                        new ChildSpan(2, 1, "invoice page", 11, 12, Map.of(), "disk full")), 3),
                new Message.Progress("j", 40, "half"), new Message.Result("j", true, json("{\"fileName\":\"a.pdf\"}")),
                new Message.Failure("j", "reason"));
        for (Message message : messages) {
            JsonNode frame = MAPPER.readTree(wire(message));
            assertEquals(message, codec.decode(frame));
        }
    }

    @Test
    void aFrameThatIsNoMessageSaysWhy() throws Exception {
        assertEquals("unknown message type 'hello'",
                assertThrows(ProtocolException.class, () -> codec.decode(json("{\"type\":\"hello\"}"))).getMessage());
        assertEquals("job without an id", assertThrows(ProtocolException.class,
                () -> codec.decode(json("{\"type\":\"job\",\"job\":{\"type\":\"invoice\"}}"))).getMessage());
    }

    @Test
    void aSpansFrameIsReadWithinTheLimitsWhateverTheChildSent() throws Exception {
        StringBuilder frame = new StringBuilder("{\"type\":\"spans\",\"id\":\"j\",\"dropped\":1,\"spans\":[");
        for (int i = 1; i <= 300; i++) {
            frame.append(i > 1 ? "," : "").append("{\"id\":").append(i).append(",\"parent\":0,\"name\":\"")
                    .append("n".repeat(1000)).append("\",\"attributes\":{");
            for (int a = 0; a < 20; a++) {
                frame.append(a > 0 ? "," : "").append("\"a").append(a).append("\":").append(a);
            }
            frame.append("}}");
        }
        Message.Spans spans = (Message.Spans) codec.decode(json(frame.append("]}").toString()));

        assertEquals(ChildSpan.MAX_PER_JOB, spans.spans().size());
        assertEquals(1 + 300 - ChildSpan.MAX_PER_JOB, spans.dropped());
        assertEquals(ChildSpan.MAX_TEXT, spans.spans().get(0).name().length());
        assertEquals(ChildSpan.MAX_ATTRIBUTES, spans.spans().get(0).attributes().size());
    }

    private String wire(Message message) throws Exception {
        return MAPPER.writeValueAsString(codec.encode(message));
    }

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text);
    }
}
