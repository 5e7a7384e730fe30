package dev.brigade.catalog.tracing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Where an OTLP exporter would connect: a TCP port on the loopback addresses that counts who connects, and hangs up. */
final class OtlpListener implements AutoCloseable {

    private final List<ServerSocket> sockets = new ArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();

    /** Listens on {@code port} on 127.0.0.1 and, where the machine has IPv6, on ::1; false if it is taken. */
    boolean listen(int port) {
        for (String host : List.of("127.0.0.1", "::1")) {
            try {
                ServerSocket socket = new ServerSocket();
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(host, port));
                sockets.add(socket);
                Thread.ofVirtual().start(() -> count(socket));
            } catch (IOException e) {
                if (host.equals("127.0.0.1")) {
                    return false;
                }
            }
        }
        return true;
    }

    int connections() {
        return connections.get();
    }

    private void count(ServerSocket socket) {
        while (!socket.isClosed()) {
            try (Socket ignored = socket.accept()) {
                connections.incrementAndGet();
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        for (ServerSocket socket : sockets) {
            socket.close();
        }
    }
}
