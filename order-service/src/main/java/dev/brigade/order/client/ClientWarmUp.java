package dev.brigade.order.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import dev.brigade.common.health.WarmUp;
import dev.brigade.order.config.OrderConfig;
import io.quarkus.runtime.StartupEvent;

/**
 * Before readiness says UP, one harmless call to catalog-service and one to worker-service, each through its REST
 * client and with order-service's token: the token is fetched from the identity provider, both connections are
 * open, and the code of the calls is loaded, before the first checkout and the first invoice delivery need them. In
 * a fresh start those first-use costs had held up the outbox relay's first deliveries by seconds (bench/README.md,
 * 2026-12-07). Tried again every {@link #RETRY} until both answered, for at most
 * {@code brigade.readiness.warm-up-limit} after start: then readiness is UP anyway and says what it stopped waiting
 * for (orders are still taken; their invoices go out once worker-service answers, a checkout answers 503 while
 * catalog-service does not).
 */
@ApplicationScoped
public class ClientWarmUp {

    public static final String CATALOG = "catalog-service";
    public static final String WORKER = "worker-service";
    /** A reservation and a job id nobody has: catalog answers 404, worker 404 (order-service reads no job). */
    static final String PROBE = "warm-up-probe";
    private static final Duration RETRY = Duration.ofMillis(250);
    private static final Logger LOG = Logger.getLogger(ClientWarmUp.class);

    private final Map<String, Supplier<Response>> calls;
    private final WarmUp warmUp;
    private volatile boolean stopped;

    ClientWarmUp(@RestClient CatalogClient catalog, @RestClient WorkerClient worker, OrderConfig.Readiness config) {
        this.calls = Map.of(CATALOG, () -> catalog.reservation(PROBE), WORKER, () -> worker.job(PROBE));
        this.warmUp = new WarmUp(config.warmUpLimit(), List.of(CATALOG, WORKER));
    }

    void start(@Observes StartupEvent event) {
        Thread.ofPlatform().name("client-warm-up").daemon().start(this::run);
    }

    public WarmUp.Status status() {
        return warmUp.status();
    }

    private void run() {
        long started = System.nanoTime();
        while (!stopped && !warmUp.done() && !warmUp.expired()) {
            calls.forEach((service, call) -> {
                String notYet = attempt(call);
                if (notYet == null) {
                    warmUp.warm(service);
                } else {
                    warmUp.waiting(service, notYet);
                }
            });
            if (!warmUp.done()) {
                sleep();
            }
        }
        WarmUp.Status status = warmUp.status();
        if (warmUp.done()) {
            LOG.infof("Service token and clients warm after %d ms", (System.nanoTime() - started) / 1_000_000);
        } else if (!stopped) {
            LOG.warnf("Readiness %s: %s", status.reason(), status.parts());
        }
    }

    /** Null when the service answered with order-service's token accepted, else what stands in the way. */
    private static String attempt(Supplier<Response> call) {
        try (Response response = call.get()) {
            int status = response.getStatus();
            return status == 401 || status == 403 || status >= 500 ? "answered " + status : null;
        } catch (RuntimeException e) {
            return "could not be reached: " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(RETRY);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @PreDestroy
    void stop() {
        stopped = true;
    }
}
