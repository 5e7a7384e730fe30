package dev.brigade.testing;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** W3C Trace Context values as the page makes them: a new trace for each test. */
public final class Traces {

    private Traces() {
    }

    /** 32 lowercase hex digits, never all zeros (which W3C Trace Context calls invalid). */
    public static String newTraceId() {
        return hex(16);
    }

    /** A {@code traceparent} header of a sampled span of that trace, as the page sends on its calls. */
    public static String traceparent(String traceId) {
        return "00-" + traceId + "-" + hex(8) + "-01";
    }

    /** The pattern of a {@code traceresponse} naming that trace (the span id is the server's). */
    public static String traceresponsePattern(String traceId) {
        return "00-" + traceId + "-[0-9a-f]{16}-01";
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        random[0] |= 1;
        return HexFormat.of().formatHex(random);
    }
}
