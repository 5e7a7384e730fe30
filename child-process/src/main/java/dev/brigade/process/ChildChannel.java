package dev.brigade.process;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The child's side of a fork channel: Node's {@code process.send} and {@code process.on('message')}.
 * <p>
 * {@link #open()} must run first thing in {@code main}: it keeps the real stdout for frames and points
 * {@link System#out} at stderr, so whatever the child's code prints can never corrupt the channel (it reaches the
 * parent's log instead). {@link #listen} reads messages until stdin reaches EOF — the parent disconnected or died —
 * and then returns, so the child can exit.
 */
public final class ChildChannel {

    public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024 * 1024;

    private final FrameWriter writer;
    private final InputStream in;
    private ObjectMapper mapper;

    private ChildChannel() {
        this.writer = new FrameWriter(this::mapper, new FileOutputStream(FileDescriptor.out));
        this.in = new FileInputStream(FileDescriptor.in);
        System.setOut(System.err);
    }

    public static ChildChannel open() {
        return new ChildChannel();
    }

    /**
     * The channel's mapper, set up at the first call: sending a tree needs none, so a child can say it is ready
     * before it pays for one. {@link #listen} sets it up first thing.
     */
    public synchronized ObjectMapper mapper() {
        if (mapper == null) {
            mapper = new ObjectMapper();
        }
        return mapper;
    }

    public ObjectNode newMessage(String type) {
        return JsonNodeFactory.instance.objectNode().put("type", type);
    }

    /** Sends one message to the parent; thread-safe. Throws {@link UncheckedIOException} if the parent has gone. */
    public void send(Object message) {
        writer.write(message);
    }

    /**
     * Reads messages on the calling thread until stdin ends. Replies sent while a batch of received messages is
     * being handled are flushed together when the batch is done.
     */
    public void listen(Consumer<JsonNode> onMessage, Consumer<MalformedFrameException> onMalformed) {
        FrameDecoder decoder = new FrameDecoder(mapper(), DEFAULT_MAX_FRAME_BYTES, new FrameDecoder.Sink() {
            @Override
            public void message(JsonNode message) {
                onMessage.accept(message);
            }

            @Override
            public void malformed(MalformedFrameException error) {
                onMalformed.accept(error);
            }
        });
        byte[] buffer = new byte[64 * 1024];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                writer.deferFlush(true);
                try {
                    decoder.feed(buffer, 0, n);
                } finally {
                    writer.deferFlush(false);
                    writer.flush();
                }
            }
        } catch (IOException e) {
            // stdin broken: treat as EOF
        } catch (UncheckedIOException e) {
            // stdout broken: the parent is gone
        }
        decoder.end();
    }
}
