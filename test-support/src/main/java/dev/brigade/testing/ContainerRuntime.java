package dev.brigade.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.testcontainers.DockerClientFactory;

/**
 * The container runtime Testcontainers talks to, if one answers: {@code DOCKER_HOST} when it is set, else Docker's
 * socket, else podman's ({@code podman system service}, rootful or rootless). {@link #reason()} says why there is none.
 */
record ContainerRuntime(Optional<String> host, String reason) {

    static final String DOCKER_SOCKET = "/var/run/docker.sock";
    static final String PODMAN_SOCKET = "/run/podman/podman.sock";

    /** Asks once per test JVM: Testcontainers keeps the client it found, and a failed search fails fast after. */
    static ContainerRuntime find() {
        String dockerHost = System.getenv("DOCKER_HOST");
        if (dockerHost == null || dockerHost.isBlank()) {
            Optional<Path> socket = sockets().stream().filter(Files::exists).findFirst();
            if (socket.isEmpty()) {
                return none("DOCKER_HOST is not set and there is no socket at " + sockets());
            }
            dockerHost = "unix://" + socket.get();
            // docker-java, under Testcontainers, reads DOCKER_HOST from the system properties as from the environment.
            System.setProperty("DOCKER_HOST", dockerHost);
        } else if (dockerHost.startsWith("unix://") && !Files.exists(Path.of(dockerHost.substring("unix://".length())))) {
            return none("DOCKER_HOST=" + dockerHost + " names a socket that does not exist");
        }
        try {
            DockerClientFactory.instance().client();
            return new ContainerRuntime(Optional.of(dockerHost), "");
        } catch (RuntimeException e) {
            if (String.valueOf(e.getMessage()).contains("ryuk")) {
                // The runtime answers; what fails is Testcontainers' own reaper, whose image comes from a registry.
                throw new IllegalStateException("PostgreSQL for the tests: the container runtime at " + dockerHost
                        + " answers, but Testcontainers' Ryuk does not start there (" + e.getMessage() + "): set"
                        + " TESTCONTAINERS_RYUK_DISABLED=true (each container is removed when its tests are done)", e);
            }
            return none("DOCKER_HOST=" + dockerHost + " does not answer (" + e.getMessage() + ")");
        }
    }

    private static List<Path> sockets() {
        String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
        return runtimeDir == null
                ? List.of(Path.of(DOCKER_SOCKET), Path.of(PODMAN_SOCKET))
                : List.of(Path.of(DOCKER_SOCKET), Path.of(PODMAN_SOCKET), Path.of(runtimeDir, "podman", "podman.sock"));
    }

    private static ContainerRuntime none(String reason) {
        return new ContainerRuntime(Optional.empty(), reason);
    }
}
