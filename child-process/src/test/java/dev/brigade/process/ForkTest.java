package dev.brigade.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

class ForkTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final BlockingQueue<MalformedFrameException> errors = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> stderr = new LinkedBlockingQueue<>();
    private ForkedChild child;

    @BeforeEach
    void fork() throws Exception {
        child = ChildProcesses.fork(EchoChildMain.class.getName(), List.of("a", "b"), ForkOptions.defaults()
                .withExecArgv(List.of("-Xmx256m", "-XX:+UseSerialGC", "-Xshare:auto"))
                .withStderrLines(stderr::add));
        child.onMessage(messages::add).onError(errors::add);
        JsonNode ready = next();
        assertEquals("ready", ready.path("type").asText());
        assertEquals("a,b", ready.path("args").asText());
    }

    @AfterEach
    void stop() throws Exception {
        child.kill(Signal.SIGKILL);
        child.exit().get(10, TimeUnit.SECONDS);
    }

    @Test
    void messagesMakeARoundTrip() throws Exception {
        child.send(MAPPER.createObjectNode().put("type", "echo").put("n", 1).put("text", "zwölf \"quoted\"\n"));
        JsonNode echo = next();
        assertEquals(1, echo.path("n").asInt());
        assertEquals("zwölf \"quoted\"\n", echo.path("text").asText());
        child.send(java.util.Map.of("type", "echo", "n", 2));
        assertEquals(2, next().path("n").asInt());
    }

    @Test
    void messagesTakenAsFramesAreTheChildsJsonAsItWroteIt() throws Exception {
        BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
        child.onFrame(frames::add);
        ObjectNode sent = MAPPER.createObjectNode().put("type", "echo").put("text", "zwölf \"quoted\"\n");
        child.send(sent);
        child.send(MAPPER.createObjectNode().put("type", "garbage"));

        Frame echo = frames.poll(30, TimeUnit.SECONDS);
        assertEquals("{\"type\":\"echo\",\"text\":\"zwölf \\\"quoted\\\"\\n\"}", String.valueOf(echo));
        assertEquals(sent, echo.tree());
        MalformedFrameException error = errors.poll(10, TimeUnit.SECONDS);
        assertTrue(error != null && error.getMessage().contains("not a JSON frame: \"this is not json\""),
                () -> "got " + error);
        assertEquals("garbage-sent", frames.poll(30, TimeUnit.SECONDS).tree().path("type").asText());
        assertTrue(messages.isEmpty(), "onFrame replaced the onMessage handler");
    }

    @Test
    void framesOfOneByteSixtyFourKibAndEightMibStayWhole() throws Exception {
        for (int size : new int[] { 1, 64 * 1024, 8 * 1024 * 1024 }) {
            String body = "x".repeat(size - 1) + "\n";
            child.send(MAPPER.createObjectNode().put("type", "echo").put("size", size).put("body", body));
            child.send(MAPPER.createObjectNode().put("type", "echo").put("after", size));
        }
        for (int size : new int[] { 1, 64 * 1024, 8 * 1024 * 1024 }) {
            JsonNode echo = next();
            assertEquals(size, echo.path("size").asInt());
            assertEquals(size, echo.path("body").asText().length());
            assertEquals(size, next().path("after").asInt(), "the next frame is neither merged nor lost");
        }
        assertTrue(errors.isEmpty(), () -> "unexpected " + errors);
    }

    @Test
    void aMalformedFrameFromTheChildIsAClearErrorAndTheChannelCarriesOn() throws Exception {
        child.send(MAPPER.createObjectNode().put("type", "garbage"));
        MalformedFrameException error = errors.poll(10, TimeUnit.SECONDS);
        assertTrue(error != null && error.getMessage().contains("not a JSON frame: \"this is not json\""),
                () -> "got " + error);
        assertEquals("garbage-sent", next().path("type").asText());
        child.send(MAPPER.createObjectNode().put("type", "echo").put("still", "alive"));
        assertEquals("alive", next().path("still").asText());
    }

    @Test
    void aMalformedFrameToTheChildIsAnsweredWithAnErrorAndTheChannelCarriesOn() throws Exception {
        OutputStream raw = child.process().stdin();
        raw.write("{\"type\": broken\n[1,2]\n".getBytes(StandardCharsets.UTF_8));
        raw.flush();
        JsonNode first = next();
        assertEquals("error", first.path("type").asText());
        assertTrue(first.path("error").asText().contains("not a JSON frame"), first.toString());
        JsonNode second = next();
        assertTrue(second.path("error").asText().contains("not a JSON object"), second.toString());
        child.send(MAPPER.createObjectNode().put("type", "echo").put("still", "alive"));
        assertEquals("alive", next().path("still").asText());
    }

    @Test
    void strayStdoutInTheChildGoesToStderrNotTheChannel() throws Exception {
        child.send(MAPPER.createObjectNode().put("type", "print"));
        assertEquals("printed", next().path("type").asText());
        String line = stderr.poll(10, TimeUnit.SECONDS);
        assertEquals("stray output {\"type\":\"fake\"", line);
        assertTrue(errors.isEmpty(), () -> "unexpected " + errors);
    }

    @Test
    void execArgvReachesTheChildJvm() throws Exception {
        child.send(MAPPER.createObjectNode().put("type", "heap"));
        long max = next().path("max").asLong();
        assertTrue(max <= 256L * 1024 * 1024, "max heap " + max);
    }

    @Test
    void disconnectMakesTheChildExitByItself() throws Exception {
        child.disconnect();
        assertFalse(child.connected());
        ExitStatus status = child.exit().get(10, TimeUnit.SECONDS);
        assertEquals(0, status.code());
        assertFalse(child.process().killed());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> child.send(MAPPER.createObjectNode().put("type", "echo")));
    }

    @Test
    void aDeadChildEndsTheChannel() throws Exception {
        child.kill(Signal.SIGKILL);
        assertEquals(Signal.SIGKILL, child.exit().get(10, TimeUnit.SECONDS).signal());
        assertFalse(child.connected());
    }

    private JsonNode next() throws InterruptedException {
        JsonNode message = messages.poll(30, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("no message from the child within 30 s");
        }
        return message;
    }

    static ObjectNode echo() {
        return MAPPER.createObjectNode().put("type", "echo");
    }
}
