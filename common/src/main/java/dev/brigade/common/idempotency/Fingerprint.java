package dev.brigade.common.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What an idempotency key remembers of the request it was first used with: a repeat with the same key and the same
 * fingerprint is a retry, with another fingerprint a different request (a 422).
 */
public final class Fingerprint {

    private Fingerprint() {
    }

    /** SHA-256 of the request's canonical text, in hex. */
    public static String of(String canonical) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
