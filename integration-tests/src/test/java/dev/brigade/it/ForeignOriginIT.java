package dev.brigade.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.sun.net.httpserver.HttpServer;

import dev.brigade.it.RunningServices.Service;

/**
 * A page served from an origin the services do not list (another port) tries to {@code fetch} each service, holding
 * a valid access token (say, one it stole): the browser must block every call, so the page's script sees the failure.
 * Keycloak's token endpoint is as closed to it: the realm's web origins are exactly the shop's.
 */
class ForeignOriginIT {

    private ChromeDriver browser;
    private HttpServer foreignSite;

    @BeforeEach
    void openBrowser() {
        Chromium.assumeInstalled();
        browser = Chromium.start(1024, 768);
    }

    @AfterEach
    void close() {
        if (browser != null) {
            browser.quit();
        }
        if (foreignSite != null) {
            foreignSite.stop(0);
        }
    }

    @Test
    void aForeignPageCannotReadAnyService() throws IOException {
        RunningServices services = RunningServices.get();
        String alice = "{headers: {Authorization: 'Bearer " + KeycloakLogin.token(KeycloakLogin.User.ALICE) + "'}}";
        String staff = "{headers: {Authorization: 'Bearer " + KeycloakLogin.token(KeycloakLogin.User.SAM) + "'}}";
        Map<String, String> targets = new LinkedHashMap<>();
        targets.put("catalog", "'" + services.url(Service.CATALOG) + "/api/products'");
        targets.put("order", "'" + services.url(Service.ORDER) + "/api/orders', " + alice);
        targets.put("worker", "'" + services.url(Service.WORKER) + "/api/workers', " + staff);
        targets.put("keycloak", "'" + services.issuer() + "/protocol/openid-connect/token', {method: 'POST', "
                + "headers: {'Content-Type': 'application/x-www-form-urlencoded'}, "
                + "body: 'grant_type=refresh_token&client_id=brigade-shop&refresh_token=x'}");
        Map<String, String> probes = new LinkedHashMap<>(targets);
        probes.put("self", "'/'");
        foreignSite = serve(page(probes));
        String foreignUrl = "http://localhost:" + foreignSite.getAddress().getPort() + "/";
        assertTrue(!foreignUrl.startsWith(services.frontendOrigin() + "/"), "a different origin from the shop's");

        browser.get(foreignUrl);
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(driver -> "done".equals(driver.findElement(By.id("results")).getAttribute("data-state")));
        // The control: the same script reads its own origin, so a "blocked" below is CORS, not a broken probe.
        assertEquals("readable: 200", browser.findElement(By.id("self")).getText());
        for (String service : targets.keySet()) {
            String result = browser.findElement(By.id(service)).getText();
            assertEquals("blocked", result.split(":")[0], service + " answered a foreign origin: " + result);
        }
    }

    /** @param targets each probe's name and its {@code fetch} arguments, as JavaScript */
    private static String page(Map<String, String> targets) {
        StringBuilder calls = new StringBuilder();
        targets.forEach((name, fetchArguments) -> calls.append("""
                probes.push(fetch(%s).then(r => r.text().then(() => 'readable: ' + r.status))
                    .catch(e => 'blocked: ' + e.name).then(text => { document.getElementById('%s').textContent = text; }));
                """.formatted(fetchArguments, name)));
        StringBuilder items = new StringBuilder();
        targets.keySet().forEach(name -> items.append("<li>").append(name).append(": <span id=\"").append(name)
                .append("\">pending</span></li>"));
        return """
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Foreign site</title>
                <link rel="icon" href="data:,"></head><body>
                <ul id="results" data-state="running">%s</ul>
                <script>
                const probes = [];
                %s
                Promise.all(probes).then(() => document.getElementById('results').dataset.state = 'done');
                </script></body></html>
                """.formatted(items, calls);
    }

    private static HttpServer serve(String html) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }
}
