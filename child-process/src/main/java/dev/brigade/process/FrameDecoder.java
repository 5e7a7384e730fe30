package dev.brigade.process;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Splits a byte stream into newline-delimited JSON frames (see the package documentation). Bytes are pushed in
 * with {@link #feed}; each byte is scanned for the delimiter exactly once, so a frame of n bytes costs O(n) however
 * many chunks it arrives in. A complete frame inside one chunk is read in place, without copying. Frames go to a
 * {@link Sink} as trees, or to a {@link FrameSink} as {@link Frame}s (each its own copy of the bytes), checked to
 * be JSON objects but not parsed.
 * Not thread-safe: one reader thread feeds it.
 */
public final class FrameDecoder {

    /** Receives each frame as a tree, and what is wrong with the others. */
    public interface Sink {
        void message(JsonNode message);

        void malformed(MalformedFrameException error);
    }

    /** Receives each frame as it came, and what is wrong with the others. */
    public interface FrameSink {
        void frame(Frame frame);

        void malformed(MalformedFrameException error);
    }

    private static final int INITIAL = 8 * 1024;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final FrameParser parser;
    private final int maxFrameBytes;
    private final Sink trees;
    private final FrameSink frames;
    private byte[] pending = new byte[INITIAL];
    private int pendingLength;
    private boolean discarding;

    public FrameDecoder(ObjectMapper mapper, int maxFrameBytes, Sink sink) {
        this(mapper, maxFrameBytes, sink, null);
    }

    public FrameDecoder(ObjectMapper mapper, int maxFrameBytes, FrameSink sink) {
        this(mapper, maxFrameBytes, null, sink);
    }

    private FrameDecoder(ObjectMapper mapper, int maxFrameBytes, Sink trees, FrameSink frames) {
        this.parser = new FrameParser(mapper);
        this.maxFrameBytes = maxFrameBytes;
        this.trees = trees;
        this.frames = frames;
    }

    public void feed(byte[] bytes, int offset, int length) {
        int position = offset;
        int limit = offset + length;
        while (position < limit) {
            int newline = indexOfNewline(bytes, position, limit);
            if (newline < 0) {
                keep(bytes, position, limit - position);
                return;
            }
            if (!discarding) {
                if (pendingLength == 0) {
                    decode(bytes, position, newline - position);
                } else if (keep(bytes, position, newline - position)) {
                    decode(pending, 0, pendingLength);
                }
            }
            // This newline ends the frame, also one being dropped, even when this very chunk made it too long.
            discarding = false;
            pendingLength = 0;
            if (pending.length > 1024 * 1024) {
                pending = new byte[INITIAL];
            }
            position = newline + 1;
        }
    }

    /** Called at end of stream: a partial frame left over is reported, not silently dropped. */
    public void end() {
        if (pendingLength > 0 && !discarding) {
            malformed(new MalformedFrameException("the stream ended inside a frame (" + pendingLength
                    + " bytes without a newline): " + FrameParser.excerpt(pending, 0, pendingLength)));
        }
        pendingLength = 0;
    }

    /** Eight bytes per step (SWAR): the first byte equal to '\n' in a little-endian word is its lowest zero byte after XOR. */
    static int indexOfNewline(byte[] bytes, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONGS.get(bytes, i) ^ 0x0A0A0A0A0A0A0A0AL;
            long found = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private boolean keep(byte[] bytes, int offset, int length) {
        if (discarding) {
            return false;
        }
        if ((long) pendingLength + length > maxFrameBytes) {
            malformed(new MalformedFrameException(
                    "frame longer than " + maxFrameBytes + " bytes, dropped up to the next newline"));
            discarding = true;
            pendingLength = 0;
            return false;
        }
        if (pendingLength + length > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pendingLength + length, pending.length * 2));
        }
        System.arraycopy(bytes, offset, pending, pendingLength, length);
        pendingLength += length;
        return true;
    }

    private void decode(byte[] bytes, int offset, int length) {
        if (length > 0 && bytes[offset + length - 1] == '\r') {
            length--;
        }
        if (isBlank(bytes, offset, length)) {
            return;
        }
        if (length > maxFrameBytes) {
            malformed(new MalformedFrameException("frame longer than " + maxFrameBytes + " bytes, dropped"));
            return;
        }
        if (trees != null) {
            JsonNode message;
            try {
                message = parser.tree(bytes, offset, length);
            } catch (MalformedFrameException e) {
                malformed(e);
                return;
            }
            trees.message(message);
        } else {
            try {
                parser.checkObject(bytes, offset, length);
            } catch (MalformedFrameException e) {
                malformed(e);
                return;
            }
            frames.frame(Frame.copyOf(bytes, offset, length, parser));
        }
    }

    private void malformed(MalformedFrameException error) {
        if (trees != null) {
            trees.malformed(error);
        } else {
            frames.malformed(error);
        }
    }

    private static boolean isBlank(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] != ' ' && bytes[i] != '\t' && bytes[i] != '\r') {
                return false;
            }
        }
        return true;
    }
}
