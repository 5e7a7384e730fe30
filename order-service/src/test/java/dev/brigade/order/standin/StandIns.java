package dev.brigade.order.standin;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.Extension;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * WireMock stand-ins for catalog-service and worker-service, started once per test run; their URLs are fed into the
 * REST clients. A test can stop one and start it again on the same port to play an outage.
 */
public class StandIns implements QuarkusTestResourceLifecycleManager {

    public static final String WORKER_PUBLIC_URL = "http://jobs.shop.test";

    private static final FakeCatalog CATALOG = new FakeCatalog();
    private static final FakeWorker WORKER = new FakeWorker();

    private static WireMockServer catalogServer;
    private static WireMockServer workerServer;
    private static int catalogPort;
    private static int workerPort;

    @Override
    public Map<String, String> start() {
        catalogServer = startServer(0, CATALOG);
        workerServer = startServer(0, WORKER);
        catalogPort = catalogServer.port();
        workerPort = workerServer.port();
        return Map.of(
                "quarkus.rest-client.catalog.url", catalogServer.baseUrl(),
                "quarkus.rest-client.worker.url", workerServer.baseUrl(),
                "brigade.worker.public-url", WORKER_PUBLIC_URL);
    }

    @Override
    public void stop() {
        stopQuietly(catalogServer);
        stopQuietly(workerServer);
    }

    public static FakeCatalog catalog() {
        return CATALOG;
    }

    public static FakeWorker worker() {
        return WORKER;
    }

    /** The catalog's WireMock server, for stubs that override the fake (slow or failing answers). */
    public static WireMockServer catalogServer() {
        return catalogServer;
    }

    public static void stopCatalog() {
        catalogServer.stop();
    }

    public static void startCatalog() {
        catalogServer = startServer(catalogPort, CATALOG);
    }

    public static void stopWorker() {
        workerServer.stop();
    }

    public static void startWorker() {
        workerServer = startServer(workerPort, WORKER);
    }

    /** Removes the stubs a test added to the catalog, leaving the fake. */
    public static void resetCatalogStubs() {
        catalogServer.resetAll();
        stubFake(catalogServer, CATALOG);
    }

    private static WireMockServer startServer(int port, Extension fake) {
        WireMockServer server = new WireMockServer(options().port(port).extensions(fake));
        server.start();
        stubFake(server, fake);
        return server;
    }

    private static void stubFake(WireMockServer server, Extension fake) {
        String path = fake == CATALOG ? "/api/reservations(/.*)?" : "/api/jobs/batch";
        server.stubFor((fake == CATALOG ? any(urlPathMatching(path)) : post(urlPathMatching(path)))
                .atPriority(10)
                .willReturn(aResponse().withTransformers(fake.getName())));
    }

    private static void stopQuietly(WireMockServer server) {
        if (server != null && server.isRunning()) {
            server.stop();
        }
    }
}
