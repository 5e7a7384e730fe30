package dev.brigade.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for a process the tests start themselves, which binds them seconds later.
 *
 * <p>{@code new ServerSocket(0)} hands out a port from the kernel's ephemeral range, the same range every outgoing
 * connection takes its local port from. Between closing that socket and the child binding it, a connection to
 * PostgreSQL or Keycloak may take it, and the child fails with "Address already in use". So the port is picked at
 * random below the ephemeral range, where no outgoing connection lands, checked by binding it, and never handed out
 * twice in one test JVM.
 */
public final class FreePorts {

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** Linux's default first ephemeral port, used where the kernel's setting cannot be read. */
    private static final int DEFAULT_EPHEMERAL_START = 32_768;
    /** Above the well-known and most registered development ports (8080, 8180, 9000...). */
    private static final int LOWEST = 20_000;
    private static final int ATTEMPTS = 200;
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private FreePorts() {
    }

    /** A port on 127.0.0.1 that is free now and outside the ephemeral range. */
    public static synchronized int next() {
        int below = ephemeralStart();
        if (below - LOWEST < 1_000) {
            return fromKernel(); // an unusual range: nothing safer to pick from
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
            if (!HANDED_OUT.contains(port) && bindable(port)) {
                HANDED_OUT.add(port);
                return port;
            }
        }
        throw new IllegalStateException("no free port on 127.0.0.1 in " + LOWEST + "-" + (below - 1)
                + " after " + ATTEMPTS + " attempts");
    }

    static int ephemeralStart() {
        try {
            // Files.readString stops after one byte of this /proc file (its size reads as 0); a line reader does not.
            String[] range = Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException unreadable) {
            return DEFAULT_EPHEMERAL_START;
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static int fromKernel() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
