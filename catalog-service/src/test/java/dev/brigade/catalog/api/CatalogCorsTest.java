package dev.brigade.catalog.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import dev.brigade.testing.CorsContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class CatalogCorsTest extends CorsContract {

    @Override
    protected String resourcePath() {
        return "/api/products";
    }

    @Override
    protected Set<String> resourceMethods() {
        return Set.of("GET", "POST");
    }

    @Test
    void itemResourceListsItsOwnMethods() {
        given().options("/api/products/1").then().statusCode(200).header("Allow", "DELETE, GET, HEAD, OPTIONS, PUT");
        given().options("/api/reservations").then().statusCode(200).header("Allow", "OPTIONS, POST");
    }

    @Test
    void aRefusedOriginIsLoggedOnceWithTheSettingToChange() {
        List<String> warnings = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger("dev.brigade.common.cors.CorsGuard");
        logger.addHandler(capture);
        try {
            given().header("Origin", "http://shop.attacker.test:9999").get("/api/products");
            given().header("Origin", "http://shop.attacker.test:9999").get("/api/products");
        } finally {
            logger.removeHandler(capture);
        }
        List<String> aboutIt = warnings.stream().filter(w -> w.contains("http://shop.attacker.test:9999")).toList();
        assertEquals(1, aboutIt.size(), "one WARN for the refused origin, got " + warnings);
        org.hamcrest.MatcherAssert.assertThat(aboutIt.get(0), org.hamcrest.Matchers.containsString("FRONTEND_ORIGINS"));
    }
}
