package dev.brigade.worker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The packaged service as a real process: its children are forked from the fast-jar class path, and killing the
 * service with {@code SIGKILL} leaves no child behind.
 */
class PackagedServiceIT {

    @TempDir
    Path workDir;
    private PackagedService service;

    @AfterEach
    void stop() throws InterruptedException {
        if (service != null) {
            service.kill();
        }
    }

    @Test
    void childrenRunFromThePackagedJarAndDieWithTheServiceWhenItIsKilled() throws Exception {
        PackagedService.app();
        service = new PackagedService(workDir, Map.of("WORKER_POOL_SIZE", "2"));
        service.start();

        JsonNode workers = service.awaitReadyWorkers(2, Duration.ofSeconds(90));
        List<Long> pids = new ArrayList<>();
        workers.path("workers").forEach(w -> pids.add(w.path("pid").asLong()));
        assertEquals(2, pids.size(), workers.toString());
        for (long pid : pids) {
            assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "child " + pid + " runs");
        }

        // Every process the service started (the pool's children, a class-data sharing training child if running).
        service.process().toHandle().descendants().forEach(d -> {
            if (!pids.contains(d.pid())) {
                pids.add(d.pid());
            }
        });

        service.kill(); // only the closed pipes tell the children
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<Long> alive = List.copyOf(pids);
        while (System.nanoTime() < deadline) {
            alive = pids.stream().filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .toList();
            if (alive.isEmpty()) {
                break;
            }
            Thread.sleep(50);
        }
        assertEquals(List.of(), alive, "children still alive 5 s after the service was killed");
    }
}
