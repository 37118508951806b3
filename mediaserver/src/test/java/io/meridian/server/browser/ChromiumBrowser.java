package io.meridian.server.browser;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * One headless Debian Chromium driven by the system chromedriver, with a fresh profile that is deleted on close.
 * Paths are explicit so Selenium Manager never runs (it would try to download a browser or driver).
 */
final class ChromiumBrowser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/lib/chromium/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /**
     * Selenium warns on every start that it has no CDP bindings for this Chromium; the tests never use CDP. Held in a
     * field because java.util.logging keeps loggers weakly and would forget the level.
     */
    private static final Logger CDP_LOGGER = quietCdpWarnings();

    private final String name;
    private final Path profile;
    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final List<String> console = new ArrayList<>();

    private static Logger quietCdpWarnings() {
        Logger logger = Logger.getLogger("org.openqa.selenium.devtools");
        logger.setLevel(Level.SEVERE);
        return logger;
    }

    private ChromiumBrowser(String name, Path profile, ChromeDriverService service, ChromeDriver driver) {
        this.name = name;
        this.profile = profile;
        this.service = service;
        this.driver = driver;
    }

    /** Fails (never skips) when the browser or its driver is missing: the suite must run everywhere it is run. */
    static void requireInstalled() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(CHROMIUM)) {
            missing.add(CHROMIUM + " (Debian package chromium)");
        }
        if (!Files.isExecutable(CHROMEDRIVER)) {
            missing.add(CHROMEDRIVER + " (Debian package chromium-driver)");
        }
        if (!missing.isEmpty()) {
            throw new AssertionError("The browser test needs " + String.join(" and ", missing)
                    + ". Run scripts/install-test-deps.sh (as root or with sudo) and run the tests again.");
        }
    }

    static ChromiumBrowser launch(String name) throws IOException {
        requireInstalled();
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        Path profile = Files.createTempDirectory("meridian-chromium-" + name + "-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--use-fake-device-for-media-stream",
                "--use-fake-ui-for-media-stream",
                "--allow-loopback-in-peer-connection",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--autoplay-policy=no-user-gesture-required",
                "--window-size=1024,768",
                "--user-data-dir=" + profile);
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);

        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(30))
                .withLogOutput(java.io.OutputStream.nullOutputStream())
                .build();
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
            return new ChromiumBrowser(name, profile, service, driver);
        } catch (RuntimeException e) {
            service.stop();
            deleteTree(profile);
            throw e;
        }
    }

    String name() {
        return name;
    }

    WebDriver driver() {
        return driver;
    }

    /** Everything the page printed to its console so far (reading the driver's log drains it, so keep a copy). */
    synchronized List<String> consoleLog() {
        try {
            for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
                console.add(entry.getLevel() + " " + entry.getMessage());
            }
        } catch (RuntimeException e) {
            console.add("(console log unavailable: " + e.getMessage() + ")");
        }
        return List.copyOf(console);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } catch (RuntimeException ignored) {
            // The browser may already be gone; the service and profile still need cleaning up.
        } finally {
            service.stop();
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException ignored) {
            // A leftover temp profile is harmless.
        }
    }
}
