package dev.brigade.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementNotInteractableException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.brigade.it.KeycloakLogin.User;
import dev.brigade.it.RunningServices.Service;

/**
 * The shop in real Chromium against the packaged services and the real Keycloak: sign in on Keycloak's page, browse,
 * buy, watch the invoice, download it; staff edit a product across origins with If-Match; nobody sees another's
 * order.
 */
class ShopPageIT {

    private ChromeDriver browser;
    private WebDriverWait wait;

    private RunningServices services;
    private Path downloads;

    @BeforeEach
    void openBrowser() throws IOException {
        Chromium.assumeInstalled();
        services = RunningServices.get();
        downloads = Files.createTempDirectory(Files.createDirectories(Chromium.OUTPUT), "downloads-");
        browser = Chromium.start(1280, 900, downloads);
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aCustomerSignsInAtCheckoutBuysTwoAndDownloadsTheInvoice() throws Exception {
        long ordersBefore = ordersOf(User.ALICE);
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

        // Checkout signs you in first: Keycloak's own login page, then back to the cart, which is still full.
        browser.findElement(By.id("nav-cart")).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("[data-testid=cart-line]"), 2));
        browser.findElement(By.id("sign-in-to-checkout")).click();
        signInOnKeycloaksPage(User.ALICE);
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("[data-testid=cart-line]"), 2));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("ordering-as"), "Alice Martin"));
        assertTrue(browser.getCurrentUrl().startsWith(services.frontendOrigin() + "/"), browser.getCurrentUrl());
        assertTrue(!browser.getCurrentUrl().contains("code="), "the sign-in code is gone from the URL");

        // A double click on "Place order" must still place exactly one order.
        new Actions(browser).doubleClick(browser.findElement(By.id("place-order"))).perform();

        WebDriverWait slow = new WebDriverWait(browser, Duration.ofSeconds(90));
        slow.until(ExpectedConditions.attributeContains(By.cssSelector("[data-testid=order-summary]"), "data-status", "CONFIRMED"));
        slow.until(ExpectedConditions.attributeToBe(By.id("invoice"), "data-status", "SUCCEEDED"));
        // The confirmation names the checkout's trace, and order-service's log lines of that checkout carry it.
        String traceId = browser.findElement(By.cssSelector("[data-testid=order-trace-id]")).getText();
        assertTrue(traceId.matches("[0-9a-f]{32}"), () -> "the trace id on the confirmation: '" + traceId + "'");
        if (!RunningServices.ALREADY_RUNNING) {
            Path orderLog = services.logOf(Service.ORDER);
            slow.until(driver -> readQuietly(orderLog).contains("\"traceId\":\"" + traceId + "\""));
        }
        assertEquals("100", browser.findElement(By.id("invoice-progress")).getAttribute("value"));
        WebElement download = browser.findElement(By.id("invoice-download"));
        slow.until(ExpectedConditions.visibilityOf(download));
        assertEquals("Download invoice (PDF)", download.getText());

        Path screenshot = Chromium.OUTPUT.resolve("confirmation.png");
        Files.write(screenshot, browser.getScreenshotAs(OutputType.BYTES));

        // The page fetches the PDF with Alice's token (a link could not carry it) and saves it.
        download.click();
        Path pdf = slow.until(driver -> downloaded("invoice-", ".pdf"));
        assertEquals("%PDF", new String(Arrays.copyOf(Files.readAllBytes(pdf), 4), StandardCharsets.US_ASCII));

        assertEquals(ordersBefore + 1, ordersOf(User.ALICE), "the double click placed one order");
        List<String> errors = Chromium.consoleErrors(browser);
        assertTrue(errors.isEmpty(), "no console errors on the shop page, got: " + errors);
    }

    @Test
    void staffChangeAPriceDeleteAProductAndRunTheSalesReport() throws IOException {
        long pan = Shop.createProduct("IT Back Office Crepe Pan", 7, 2500);
        browser.get(services.url(Service.FRONTEND) + "/");
        waitForProducts();
        browser.findElement(By.id("nav-sign-in")).click();
        signInOnKeycloaksPage(User.SAM);
        browser.findElement(By.id("nav-office")).click();
        WebElement edit = findInOffice("office-edit-" + pan);
        edit.click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("product-form")));

        // Meanwhile someone else changes the product: the open form is now a stale copy.
        String etag = Shop.catalog().get("/api/products/" + pan).then().extract().header("ETag");
        Shop.catalog(User.SAM).contentType("application/json").header("If-Match", etag)
                .body(Map.of("name", "IT Back Office Crepe Pan", "description", "Changed elsewhere", "category", "kitchen",
                        "priceCents", 2600, "currency", "EUR"))
                .put("/api/products/" + pan).then().statusCode(200);

        setField("product-form-price", "31.50");
        browser.findElement(By.id("product-form-save")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("product-form-conflict")));
        assertEquals(2600, priceOf(pan), "the stale edit changed nothing");
        List<String> provoked = Chromium.consoleErrors(browser);
        assertTrue(provoked.stream().allMatch(error -> error.contains("412")), "only the 412 asked for: " + provoked);

        // The form now holds the current version: saving again goes through.
        wait.until(ExpectedConditions.attributeToBe(By.id("product-form-description"), "value", "Changed elsewhere"));
        setField("product-form-price", "31.50");
        browser.findElement(By.id("product-form-save")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver -> priceOf(pan) == 3150);

        browser.findElement(By.id("nav-shop")).click();
        waitForProducts();
        search("Crepe Pan");
        assertTrue(cards().get(0).getText().contains("31.50"), "the shop shows the new price: " + cards().get(0).getText());

        // A DELETE crosses origins too, after a confirmation in the row.
        long whisk = Shop.createProduct("IT Back Office Doomed Whisk", 1, 500);
        browser.findElement(By.id("nav-office")).click();
        findInOffice("office-delete-" + whisk).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("office-delete-confirm-" + whisk))).click();
        wait.until(driver -> Shop.catalog().get("/api/products/" + whisk).statusCode() == 404);

        // The sales report is a job of Sam's: its progress comes over the token-carrying stream, its CSV with his token.
        WebDriverWait slow = new WebDriverWait(browser, Duration.ofSeconds(90));
        browser.findElement(By.id("report-run")).click();
        slow.until(ExpectedConditions.attributeToBe(By.id("report"), "data-status", "SUCCEEDED"));
        slow.until(ExpectedConditions.elementToBeClickable(By.id("report-download"))).click();
        Path csv = slow.until(driver -> downloaded("report-", ".csv"));
        assertTrue(Files.readString(csv).startsWith("section,productId"), "a sales report CSV");
        List<String> errors = Chromium.consoleErrors(browser);
        assertTrue(errors.isEmpty(), "no console errors in the back office, got: " + errors);
    }

    @Test
    void aCustomerCannotSeeAnotherCustomersOrder() {
        long whisk = Shop.createProduct("IT Private Whisk", 5, 1100);
        String alicesOrder = Shop.placeOrder(CheckoutSagaIT.key(), Shop.order(whisk, 1)).then().statusCode(201)
                .extract().path("id");
        browser.get(services.url(Service.FRONTEND) + "/");
        waitForProducts();
        browser.findElement(By.id("nav-sign-in")).click();
        signInOnKeycloaksPage(User.BOB);

        browser.get(services.url(Service.FRONTEND) + "/#/order/" + alicesOrder);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("order-error"), "No such order"));
        assertTrue(!browser.findElement(By.id("order-details")).getText().contains("Whisk"),
                "nothing of Alice's order shows");
        browser.findElement(By.id("nav-orders")).click();
        wait.until(driver -> !driver.findElement(By.id("orders-status")).getText().isBlank());
        assertTrue(!browser.findElement(By.id("view-orders")).getText().contains(alicesOrder),
                "Alice's order is not in Bob's orders");
    }

    @Test
    void everyViewOpensWithoutConsoleErrors() {
        browser.get(services.url(Service.FRONTEND) + "/");
        waitForProducts();
        browser.findElement(By.id("nav-sign-in")).click();
        signInOnKeycloaksPage(User.SAM);
        browser.findElement(By.id("nav-kitchen")).click();
        wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("[data-testid=kitchen-worker]"), 0));
        browser.findElement(By.id("nav-orders")).click();
        browser.findElement(By.id("orders-email")).sendKeys("nobody@example.com");
        browser.findElement(By.id("orders-lookup")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("orders-status"), "No orders"));
        browser.findElement(By.id("nav-office")).click();
        wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("[data-testid=office-product]"), 0));
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
        long bobsOrders = ordersOf(User.BOB);
        browser.get(services.url(Service.FRONTEND) + "/");
        waitForProducts();
        browser.findElement(By.id("nav-sign-in")).click();
        signInOnKeycloaksPage(User.BOB);
        search("Busy Day Stock Pot");
        addToCart(cards().get(0));
        browser.findElement(By.id("nav-cart")).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("[data-testid=cart-line]"), 1));

        // catalog goes away; four failed checkouts (three calls each) open order-service's breaker to it, and
        // from then on a checkout is answered "busy, come back in 5 s" without a call to catalog.
        services.stop(Service.CATALOG);
        try {
            for (int i = 0; i < 4; i++) {
                Shop.placeOrder(CheckoutSagaIT.key(), Shop.order(pot, 1)).then().statusCode(503);
            }
            Shop.placeOrder(CheckoutSagaIT.key(), Shop.order(pot, 1)).then().statusCode(503)
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
        assertEquals(bobsOrders + 1, ordersOf(User.BOB));
        assertEquals(2, Shop.stockOf(pot));
    }

    /** On Keycloak's own login page (another origin): the user's name and password, then back to the shop. */
    private void signInOnKeycloaksPage(User user) {
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        assertTrue(browser.getCurrentUrl().startsWith(services.issuer() + "/"), "Keycloak's page: " + browser.getCurrentUrl());
        browser.findElement(By.id("username")).sendKeys(user.username);
        browser.findElement(By.id("password")).sendKeys(user.password);
        browser.findElement(By.id("kc-login")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signed-in-name")));
        // What Keycloak's page logged is Keycloak's; the checks of console errors are about the shop.
        Chromium.consoleErrors(browser);
    }

    private WebElement findInOffice(String id) {
        WebDriverWait pages = new WebDriverWait(browser, Duration.ofSeconds(30));
        pages.ignoring(ElementNotInteractableException.class);
        return pages.until(driver -> {
            List<WebElement> found = driver.findElements(By.id(id));
            if (!found.isEmpty()) {
                return found.get(0);
            }
            // The list may still be drawing its page: turn it only once the button can be clicked.
            WebElement next = driver.findElement(By.id("office-next"));
            if (next.isDisplayed() && next.isEnabled()) {
                next.click();
            }
            return null;
        });
    }

    private void setField(String id, String value) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(value);
    }

    private static long priceOf(long productId) {
        return Shop.catalog().get("/api/products/" + productId).then().statusCode(200).extract().jsonPath()
                .getLong("priceCents");
    }

    private static long ordersOf(User user) {
        return Shop.orders(user).get("/api/orders").then().statusCode(200).extract().jsonPath().getLong("total");
    }

    /** A finished download: Chromium writes to a .crdownload file and renames it when it is whole. */
    private Path downloaded(String prefix, String suffix) {
        try (Stream<Path> files = Files.list(downloads)) {
            return files.filter(file -> file.getFileName().toString().startsWith(prefix)
                    && file.getFileName().toString().endsWith(suffix)).findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
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

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
