package dev.brigade.testing;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.dockerclient.TransportConfig;
import org.testcontainers.dockerclient.UnixSocketClientProviderStrategy;

/**
 * Testcontainers' way to podman's Docker-compatible socket ({@code podman system service}) when {@code DOCKER_HOST}
 * is not set: rootful {@value #ROOTFUL}, else rootless under {@code $XDG_RUNTIME_DIR}. Found by Testcontainers through
 * {@code META-INF/services}, tried after Docker's own socket; never written into {@code ~/.testcontainers.properties}.
 */
public final class PodmanSocketStrategy extends DockerClientProviderStrategy {

    static final String ROOTFUL = "/run/podman/podman.sock";

    static List<Path> candidates() {
        List<Path> sockets = new ArrayList<>(List.of(Path.of(ROOTFUL)));
        String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
        if (runtimeDir != null && !runtimeDir.isBlank()) {
            sockets.add(Path.of(runtimeDir, "podman", "podman.sock"));
        }
        return sockets;
    }

    static Optional<Path> socket() {
        return candidates().stream().filter(Files::exists).findFirst();
    }

    @Override
    public String getDescription() {
        return "podman's socket " + socket().map(Path::toString).orElse("(none of " + candidates() + ")");
    }

    @Override
    protected boolean isApplicable() {
        return socket().isPresent();
    }

    @Override
    protected boolean isPersistable() {
        return false;
    }

    @Override
    protected int getPriority() {
        return UnixSocketClientProviderStrategy.PRIORITY - 10;
    }

    @Override
    public TransportConfig getTransportConfig() {
        return TransportConfig.builder().dockerHost(URI.create("unix://" + socket().orElseThrow())).build();
    }
}
