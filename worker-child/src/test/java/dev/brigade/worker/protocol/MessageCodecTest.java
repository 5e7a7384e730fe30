package dev.brigade.worker.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The frames on the wire are the ones in the README's table, and every message survives the trip both ways. */
class MessageCodecTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final MessageCodec codec = new MessageCodec(MAPPER);

    @Test
    void framesAreTheDocumentedOnes() throws Exception {
        assertEquals("{\"type\":\"ready\",\"protocol\":1,\"pid\":42,\"jobTypes\":[{\"type\":\"invoice\","
                + "\"maxPayloadBytes\":262144,\"diagnostic\":false,\"requiredFields\":[\"/orderId\"]}]}",
                wire(new Message.Ready(MessageCodec.PROTOCOL_VERSION, 42,
                        List.of(new Message.OfferedType("invoice", List.of("/orderId"), 262144, false)))));
        assertEquals("{\"type\":\"job\",\"job\":{\"id\":\"j1\",\"type\":\"invoice\",\"payload\":{\"a\":1}}}",
                wire(new Message.StartJob("j1", "invoice", json("{\"a\":1}"))));
        assertEquals("{\"type\":\"error\",\"id\":\"j1\",\"error\":\"no\"}", wire(new Message.Failure("j1", "no")));
        assertEquals("{\"type\":\"error\",\"error\":\"bad frame\"}", wire(new Message.ChannelError("bad frame")));
    }

    @Test
    void everyMessageComesBackAsItWent() throws Exception {
        List<Message> messages = List.of(new Message.Ready(1, 7, List.of(new Message.OfferedType("sleep", List.of(), 1024, true))), new Message.Ping(3), new Message.Pong(3),
                new Message.Exit(), new Message.ChannelError("x"), new Message.StartJob("j", "report", json("{}")),
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

    private String wire(Message message) throws Exception {
        return MAPPER.writeValueAsString(codec.encode(message));
    }

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text);
    }
}
