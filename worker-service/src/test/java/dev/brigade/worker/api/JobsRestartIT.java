package dev.brigade.worker.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * The queue is durable: the packaged service is killed while one job runs and others wait, and after a restart on
 * the same database every job finishes — the running one once its lease expires.
 */
class JobsRestartIT {

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
    void jobsQueuedAndRunningWhenTheServiceWasKilledAllFinishAfterARestart() throws Exception {
        PackagedService.app();
        service = new PackagedService(workDir, Map.of(
                "WORKER_POOL_SIZE", "1",
                "WORKER_JOBS_DIAGNOSTIC_TYPES", "true",
                "WORKER_JOBS_LEASE", "3S"));
        service.start();
        service.awaitReadyWorkers(1, Duration.ofSeconds(90));

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            JsonNode job = PackagedService.JSON.readTree(service.postJson("/api/jobs",
                    "{\"type\":\"sleep\",\"payload\":{\"millis\":2000,\"steps\":2}}").body());
            ids.add(job.path("id").asText());
        }
        awaitStatus(ids.get(0), "RUNNING", Duration.ofSeconds(30));
        assertEquals("QUEUED", service.get("/api/jobs/" + ids.get(3)).path("status").asText());

        service.kill();
        service.start();
        service.awaitReadyWorkers(1, Duration.ofSeconds(90));

        for (String id : ids) {
            awaitStatus(id, "SUCCEEDED", Duration.ofSeconds(60));
        }
        assertEquals(2, service.get("/api/jobs/" + ids.get(0)).path("attempts").asInt(),
                "the job that was running ran again after the restart");
    }

    private void awaitStatus(String id, String status, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        JsonNode job = null;
        while (System.nanoTime() < deadline) {
            job = service.get("/api/jobs/" + id);
            if (status.equals(job.path("status").asText())) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " is not " + status + ": " + job + "\n" + service.log());
    }
}
