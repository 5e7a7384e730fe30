package dev.brigade.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.brigade.it.RunningServices.Service;
import io.restassured.RestAssured;

/** The shop in real Chromium against the packaged services: browse, buy, watch the invoice, download it. */
class ShopPageIT {

    private ChromeDriver browser;
    private WebDriverWait wait;

    private RunningServices services;

    @BeforeEach
    void openBrowser() {
        Chromium.assumeInstalled();
        services = RunningServices.get();
        browser = Chromium.start(1280, 900);
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aShopperFindsProductsBuysTwoAndDownloadsTheInvoice() throws Exception {
        browser.get(services.url(Service.FRONTEND) + "/");
        waitForProducts();

        search("oil");
        WebElement firstCard = cards().get(0);
        assertTrue(firstCard.findElement(By.cssSelector("[data-testid=product-name]")).getText().toLowerCase().contains("oil"),
                "the search found an oil: " + firstCard.getText());
        String firstId = addToCart(firstCard);

        search("");
        WebElement secondCard = cards().stream()
                .filter(card -> !card.getAttribute("data-product-id").equals(firstId))
                .filter(card -> card.findElement(By.cssSelector("[data-testid=add-to-cart]")).isEnabled())
                .findFirst().orElseThrow();
        addToCart(secondCard);
        wait.until(ExpectedConditions.textToBe(By.id("cart-count"), "2"));

        browser.findElement(By.id("nav-cart")).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("[data-testid=cart-line]"), 2));
        String email = "ada." + System.nanoTime() + "@example.com";
        browser.findElement(By.id("customer-name")).sendKeys("Ada Lovelace");
        browser.findElement(By.id("customer-email")).sendKeys(email);
        // A double click on "Place order" must still place exactly one order.
        new Actions(browser).doubleClick(browser.findElement(By.id("place-order"))).perform();

        WebDriverWait slow = new WebDriverWait(browser, Duration.ofSeconds(90));
        slow.until(ExpectedConditions.attributeContains(By.cssSelector("[data-testid=order-summary]"), "data-status", "CONFIRMED"));
        slow.until(ExpectedConditions.attributeToBe(By.id("invoice"), "data-status", "SUCCEEDED"));
        assertEquals("100", browser.findElement(By.id("invoice-progress")).getAttribute("value"));
        WebElement download = browser.findElement(By.id("invoice-download"));
        slow.until(ExpectedConditions.visibilityOf(download));
        assertEquals("Download invoice (PDF)", download.getText());

        Path screenshot = Chromium.OUTPUT.resolve("confirmation.png");
        Files.write(screenshot, browser.getScreenshotAs(OutputType.BYTES));

        HttpResponse<byte[]> pdf = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(download.getAttribute("href"))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, pdf.statusCode());
        assertTrue(pdf.headers().firstValue("Content-Type").orElse("").startsWith("application/pdf"));
        assertEquals("%PDF", new String(Arrays.copyOf(pdf.body(), 4), StandardCharsets.US_ASCII));

        int orders = RestAssured.given().baseUri(services.url(Service.ORDER)).queryParam("email", email)
                .get("/api/orders").then().statusCode(200).extract().path("items.size()");
        assertEquals(1, orders, "the double click placed one order");

        List<String> errors = Chromium.consoleErrors(browser);
        assertTrue(errors.isEmpty(), "no console errors on the shop page, got: " + errors);
    }

    @Test
    void everyViewOpensWithoutConsoleErrors() {
        browser.get(services.url(Service.FRONTEND) + "/#/kitchen");
        wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("[data-testid=kitchen-worker]"), 0));
        browser.findElement(By.id("nav-orders")).click();
        browser.findElement(By.id("orders-email")).sendKeys("nobody@example.com");
        browser.findElement(By.id("orders-lookup")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("orders-status"), "No orders"));
        browser.findElement(By.id("nav-cart")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("cart-empty")));
        browser.findElement(By.id("nav-shop")).click();
        waitForProducts();

        List<String> errors = Chromium.consoleErrors(browser);
        assertTrue(errors.isEmpty(), "no console errors on the shop page, got: " + errors);
    }

    @Test
    void whileCheckoutIsPausedThePageSaysTheShopIsBusyAndPlacesTheOrderWhenItCan() {
        long pot = Shop.createProduct("IT Busy Day Stock Pot", 3, 4200);
        browser.get(services.url(Service.FRONTEND) + "/");
        waitForProducts();
        search("Busy Day Stock Pot");
        addToCart(cards().get(0));
        browser.findElement(By.id("nav-cart")).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("[data-testid=cart-line]"), 1));
        String email = "busy." + System.nanoTime() + "@example.com";
        browser.findElement(By.id("customer-name")).sendKeys("Grace Hopper");
        browser.findElement(By.id("customer-email")).sendKeys(email);

        // catalog goes away; four failed checkouts (three calls each) open order-service's breaker to it, and
        // from then on a checkout is answered "busy, come back in 5 s" without a call to catalog.
        services.stop(Service.CATALOG);
        try {
            for (int i = 0; i < 4; i++) {
                Shop.placeOrder(CheckoutSagaIT.key(), Shop.order("busy-breaker@example.com", pot, 1)).then().statusCode(503);
            }
            Shop.placeOrder(CheckoutSagaIT.key(), Shop.order("busy-breaker@example.com", pot, 1)).then().statusCode(503)
                    .header("Retry-After", "5");

            browser.findElement(By.id("place-order")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("checkout-busy"), "The shop is busy, trying again"));
        } finally {
            services.start(Service.CATALOG);
        }

        // The page keeps sending the same order (same Idempotency-Key) while it is told to wait, so it goes through
        // once catalog is back, and only once.
        new WebDriverWait(browser, Duration.ofSeconds(90)).until(ExpectedConditions.attributeContains(
                By.cssSelector("[data-testid=order-summary]"), "data-status", "CONFIRMED"));
        assertTrue(browser.findElement(By.id("checkout-busy")).getAttribute("hidden") != null, "the busy note is gone");
        Shop.orders().queryParam("email", email).get("/api/orders").then().statusCode(200)
                .body("total", org.hamcrest.Matchers.equalTo(1));
        assertEquals(2, Shop.stockOf(pot));
    }

    private void waitForProducts() {
        wait.until(driver -> driver.findElement(By.id("product-grid")).getAttribute("aria-busy") == null
                && !driver.findElements(By.cssSelector("[data-testid=product-card]")).isEmpty());
    }

    private void search(String text) {
        WebElement input = browser.findElement(By.id("search-input"));
        input.clear();
        input.sendKeys(text);
        browser.findElement(By.id("search-button")).click();
        wait.until(driver -> {
            String status = driver.findElement(By.id("catalogue-status")).getText();
            return text.isEmpty() ? !status.contains("for “") && status.contains("products") : status.contains("“" + text + "”");
        });
        waitForProducts();
    }

    private List<WebElement> cards() {
        return browser.findElements(By.cssSelector("[data-testid=product-card]"));
    }

    private String addToCart(WebElement card) {
        card.findElement(By.cssSelector("[data-testid=add-to-cart]")).click();
        return card.getAttribute("data-product-id");
    }
}
