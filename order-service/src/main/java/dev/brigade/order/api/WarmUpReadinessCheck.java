package dev.brigade.order.api;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.brigade.common.health.WarmUp;
import dev.brigade.order.client.ClientWarmUp;

/**
 * {@code /q/health/ready} is DOWN until the service token is fetched and catalog-service and worker-service have
 * answered once ({@link ClientWarmUp}), at most {@code brigade.readiness.warm-up-limit} after start; the answer says
 * what it waits for.
 */
@Readiness
@ApplicationScoped
public class WarmUpReadinessCheck implements HealthCheck {

    private final ClientWarmUp warmUp;

    WarmUpReadinessCheck(ClientWarmUp warmUp) {
        this.warmUp = warmUp;
    }

    @Override
    public HealthCheckResponse call() {
        WarmUp.Status status = warmUp.status();
        HealthCheckResponseBuilder answer = HealthCheckResponse.named("warm-up").status(status.up())
                .withData("reason", status.reason());
        status.parts().forEach(answer::withData);
        return answer.build();
    }
}
