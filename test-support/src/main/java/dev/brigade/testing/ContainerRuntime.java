package dev.brigade.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.testcontainers.DockerClientFactory;

/**
 * The container runtime Testcontainers talks to, if one answers: {@code DOCKER_HOST} when it is set, else Docker's
 * socket, else podman's ({@link PodmanSocketStrategy}). {@link #reason()} says why there is none.
 */
record ContainerRuntime(Optional<String> host, String reason) {

    static final String DOCKER_SOCKET = "/var/run/docker.sock";

    /** Asks once per test JVM: Testcontainers keeps the client it found, and a failed search fails fast after. */
    static ContainerRuntime find() {
        String dockerHost = System.getenv("DOCKER_HOST");
        String asked;
        if (dockerHost == null || dockerHost.isBlank()) {
            List<Path> sockets = new ArrayList<>(List.of(Path.of(DOCKER_SOCKET)));
            sockets.addAll(PodmanSocketStrategy.candidates());
            Optional<Path> socket = sockets.stream().filter(Files::exists).findFirst();
            if (socket.isEmpty()) {
                return none("DOCKER_HOST is not set and there is no socket at " + sockets);
            }
            asked = "the socket at " + socket.get();
        } else if (dockerHost.startsWith("unix://") && !Files.exists(Path.of(dockerHost.substring("unix://".length())))) {
            return none("DOCKER_HOST=" + dockerHost + " names a socket that does not exist");
        } else {
            asked = "DOCKER_HOST=" + dockerHost;
        }
        try {
            DockerClientFactory factory = DockerClientFactory.instance();
            factory.client();
            return new ContainerRuntime(Optional.of(factory.getTransportConfig().getDockerHost().toString()), "");
        } catch (RuntimeException e) {
            if (String.valueOf(e.getMessage()).contains("ryuk")) {
                // The runtime answers; what fails is Testcontainers' own reaper, whose image comes from a registry.
                throw new IllegalStateException("PostgreSQL for the tests: the container runtime at " + asked
                        + " answers, but Testcontainers' Ryuk does not start there (" + e.getMessage() + "): set"
                        + " TESTCONTAINERS_RYUK_DISABLED=true (each container is removed when its tests are done)", e);
            }
            return none(asked + " does not answer (" + e.getMessage() + ")");
        }
    }

    private static ContainerRuntime none(String reason) {
        return new ContainerRuntime(Optional.empty(), reason);
    }
}
