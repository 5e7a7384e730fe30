package dev.brigade.frontend;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ShopPageTest {

    @Test
    void theShopPageIsServedAtTheRoot() {
        given().get("/")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/html"))
                .body(containsString("data-testid=\"catalogue\""))
                .body(containsString("<script type=\"module\" src=\"js/app.js\"></script>"));
    }

    @Test
    void scriptsStylesAndFaviconAreServedWithTheirMediaTypes() {
        given().get("/js/app.js").then().statusCode(200).contentType(containsString("javascript"));
        given().get("/css/shop.css").then().statusCode(200).contentType(startsWith("text/css"));
        given().get("/favicon.svg").then().statusCode(200).contentType(startsWith("image/svg+xml"));
        given().get("/favicon.ico").then().statusCode(200);
    }

    @Test
    void theOidcLibraryIsServedFromThePagesOwnOriginBeforeTheApp() {
        given().get("/vendor/oidc-client-ts/oidc-client-ts.min.js")
                .then()
                .statusCode(200)
                .contentType(containsString("javascript"))
                .body(containsString("UserManager"));
        given().get("/vendor/oidc-client-ts/LICENSE").then().statusCode(200).body(containsString("Apache License"));
        given().get("/js/auth.js").then().statusCode(200).contentType(containsString("javascript"));
        String page = given().get("/").then().statusCode(200).extract().asString();
        int library = page.indexOf("<script src=\"vendor/oidc-client-ts/oidc-client-ts.min.js\" defer></script>");
        assertTrue(library >= 0, "the page loads the vendored library");
        assertTrue(library < page.indexOf("js/app.js"), "the library runs before the page's modules");
        assertFalse(page.contains("https://"), "nothing is loaded from another origin");
    }

    @Test
    void configGivesTheServiceUrlsAndTheSignInFromConfigurationWithoutTrailingSlash() {
        given().get("/config.json")
                .then()
                .statusCode(200)
                .contentType(startsWith("application/json"))
                .header("Cache-Control", containsString("no-cache"))
                .body("catalogUrl", equalTo("http://catalog.test:9081"))
                .body("orderUrl", equalTo("http://order.test:9082"))
                .body("workerUrl", equalTo("http://worker.test:9083"))
                .body("oidcAuthority", equalTo("http://keycloak.test:9180/realms/brigade"))
                .body("oidcClientId", equalTo("brigade-shop-test"));
    }

    /** /q/health/ready on the management interface (the URL Quarkus gives already ends in /q). */
    @TestHTTPResource(value = "/health/ready", management = true)
    URL readiness;

    @Test
    void theFrontendReportsReadyOnItsManagementPortOnly() {
        given().get(readiness).then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(404);
    }
}
