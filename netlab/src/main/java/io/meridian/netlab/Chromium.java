package io.meridian.netlab;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.remote.HttpCommandExecutor;
import org.openqa.selenium.remote.RemoteWebDriver;
import org.openqa.selenium.remote.http.ClientConfig;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * One headless Debian Chromium with fake camera and microphone, driven through the system chromedriver, with a fresh
 * profile deleted on close. In a lab {@link Namespace} the chromedriver runs inside it ({@code ip netns exec}),
 * listening on the namespace's address for the hub alone, so the browser's WebRTC sees only that namespace's
 * interface; without one it runs here on loopback. Paths are explicit and Selenium Manager never runs (it would try
 * to download a browser or a driver).
 *
 * <p>Bounded: the driver must answer within {@link #START_TIMEOUT}, each WebDriver command within
 * {@link #COMMAND_TIMEOUT}. {@link #close()} quits the browser and kills the driver with everything it started.
 */
public final class Chromium implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/lib/chromium/chromium");
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    /** Inside a namespace of our own, the first driver gets chromedriver's usual port, the next ones the following. */
    private static final int FIRST_PORT_IN_NAMESPACE = 9515;
    /**
     * Selenium warns on every start that it has no CDP bindings for this Chromium; nothing here uses CDP. Held in a
     * field because java.util.logging keeps loggers weakly and would forget the level.
     */
    private static final Logger CDP_LOGGER = quietCdpWarnings();

    private final String name;
    private final Namespace namespace;
    private final Path profile;
    private final Path driverLog;
    private final Process driverProcess;
    private final RemoteWebDriver driver;
    private final List<String> console = new ArrayList<>();

    private Chromium(String name, Namespace namespace, Path profile, Path driverLog, Process driverProcess,
                     RemoteWebDriver driver) {
        this.name = name;
        this.namespace = namespace;
        this.profile = profile;
        this.driverLog = driverLog;
        this.driverProcess = driverProcess;
        this.driver = driver;
    }

    private static Logger quietCdpWarnings() {
        Logger logger = Logger.getLogger("org.openqa.selenium.devtools");
        logger.setLevel(Level.SEVERE);
        return logger;
    }

    /** What is missing to launch a browser here, each with its Debian package; empty when nothing is. */
    public static List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(BINARY)) {
            missing.add(BINARY + " (Debian package chromium)");
        }
        if (!Files.isExecutable(DRIVER)) {
            missing.add(DRIVER + " (Debian package chromium-driver)");
        }
        return missing;
    }

    /**
     * Launches a browser, in {@code namespace} or (null) here on loopback, with {@code extraArguments} after the
     * defaults (e.g. {@code --unsafely-treat-insecure-origin-as-secure=http://10.…}: a page served from a lab
     * address is no secure context, and getUserMedia needs one).
     */
    public static Chromium launch(String name, Namespace namespace, List<String> extraArguments) throws IOException {
        List<String> missing = missing();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Chromium needs " + String.join(" and ", missing)
                    + ". Run scripts/install-test-deps.sh (as root or with sudo).");
        }
        Path profile = Files.createTempDirectory("meridian-chromium-" + name + "-");
        Path driverLog = Files.createTempFile("meridian-chromedriver-" + name + "-", ".log");
        String host;
        int port;
        List<String> command;
        if (namespace != null) {
            host = namespace.address();
            port = namespace.nextPort(FIRST_PORT_IN_NAMESPACE);
            command = namespace.exec(List.of(DRIVER.toString(), "--port=" + port,
                    "--allowed-ips=" + namespace.gateway()));
        } else {
            host = "127.0.0.1";
            port = freeLoopbackPort();
            command = List.of(DRIVER.toString(), "--port=" + port);
        }
        Process process = null;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(driverLog.toFile())
                    .start();
            process.getOutputStream().close();
            URI base = URI.create("http://" + host + ":" + port + "/");
            awaitReady(name, process, base, driverLog);
            ClientConfig config = ClientConfig.defaultConfig().baseUrl(base.toURL())
                    .connectionTimeout(Duration.ofSeconds(10)).readTimeout(COMMAND_TIMEOUT);
            RemoteWebDriver driver = new RemoteWebDriver(new HttpCommandExecutor(config), options(profile,
                    extraArguments));
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            return new Chromium(name, namespace, profile, driverLog, process, driver);
        } catch (IOException | RuntimeException e) {
            String log = Commands.tail(driverLog, 20);
            if (process != null) {
                Commands.killTree(process.toHandle());
            }
            deleteTree(profile);
            Files.deleteIfExists(driverLog);
            throw new IOException("Chromium '" + name + "'" + (namespace == null ? "" : " in " + namespace)
                    + " did not start: " + e.getMessage() + "\nchromedriver's log:\n" + log, e);
        }
    }

    private static ChromeOptions options(Path profile, List<String> extraArguments) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toFile());
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
        options.addArguments(extraArguments);
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        return options;
    }

    /** Polls the driver's {@code /status} until it reports ready; fails early if the driver exits. */
    private static void awaitReady(String name, Process process, URI base, Path driverLog) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest status = HttpRequest.newBuilder(base.resolve("status")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() - deadline < 0) {
            if (!process.isAlive()) {
                throw new IOException("chromedriver for " + name + " exited with " + process.exitValue());
            }
            try {
                HttpResponse<String> response = http.send(status, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"ready\":true")) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for chromedriver", e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for chromedriver", e);
            }
        }
        throw new IOException("chromedriver at " + base + " not ready within " + START_TIMEOUT.toSeconds()
                + " s (last: " + last + ")");
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public String name() {
        return name;
    }

    /** Where it runs; null when on this namespace's loopback. */
    public Namespace namespace() {
        return namespace;
    }

    public WebDriver driver() {
        return driver;
    }

    /** Everything its pages printed to the console so far (reading the driver's log drains it: a copy is kept). */
    public synchronized List<String> consoleLog() {
        try {
            for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
                console.add(entry.getLevel() + " " + entry.getMessage());
            }
        } catch (RuntimeException e) {
            console.add("(console log unavailable: " + e.getMessage() + ")");
        }
        return List.copyOf(console);
    }

    /** The end of chromedriver's own output, for a failure message. */
    public String driverLogTail() {
        return Commands.tail(driverLog, 20);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } catch (RuntimeException ignored) {
            // The browser may already be gone; the driver, its children and the profile still need removing.
        } finally {
            Commands.killTree(driverProcess.toHandle());
            deleteTree(profile);
            try {
                Files.deleteIfExists(driverLog);
            } catch (IOException ignored) {
                // A leftover temp file is harmless.
            }
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
