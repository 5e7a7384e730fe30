package dev.brigade.it;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/** Debian's Chromium driven by Debian's chromedriver, headless; nothing is downloaded. */
final class Chromium {

    static final Path BROWSER = Path.of(System.getProperty("brigade.it.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("brigade.it.chromedriver", "/usr/bin/chromedriver"));
    /** Screenshots go here (the module's target directory). */
    static final Path OUTPUT = Path.of(System.getProperty("brigade.root", "..")).toAbsolutePath().normalize()
            .resolve("integration-tests/target");

    private Chromium() {
    }

    /** Skips the calling test, naming the packages to install, when the browser or its driver is missing. */
    static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER),
                () -> "Skipped: the browser tests need " + BROWSER + " and " + DRIVER
                        + " - install the Debian packages: apt-get install -y chromium chromium-driver");
    }

    static ChromeDriver start(int width, int height) {
        return start(width, height, OUTPUT.resolve("downloads"));
    }

    /** A browser that saves what a page downloads into {@code downloads}, without asking. */
    static ChromeDriver start(int width, int height, Path downloads) {
        ChromeOptions options = new ChromeOptions();
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=" + width + "," + height);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER.toString()))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return driver;
    }

    /** Console messages at SEVERE (console.error, uncaught exceptions, failed loads) since the last call. */
    static List<String> consoleErrors(ChromeDriver driver) {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }
}
