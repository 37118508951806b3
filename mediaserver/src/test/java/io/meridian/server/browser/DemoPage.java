package io.meridian.server.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.json.Json;

import java.util.LinkedHashMap;
import java.util.Map;

/** The demo page as a person uses it (form, buttons, tiles), plus its {@code window.meridian} test hooks. */
final class DemoPage {
    /** Counters summed over one remote participant's inbound streams, as {@code meridian.stats()} reports them. */
    record RemoteStats(double framesDecoded, double audioPacketsReceived, double totalAudioEnergy) {
    }

    private static final Json JSON = new Json();

    private final ChromiumBrowser browser;
    private final String baseUrl;

    DemoPage(ChromiumBrowser browser, String baseUrl) {
        this.browser = browser;
        this.baseUrl = baseUrl;
    }

    String name() {
        return browser.name();
    }

    private WebDriver driver() {
        return browser.driver();
    }

    private Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver()).executeScript(script, args);
    }

    /** Opens the page for the conference, types the display name and presses Join. */
    void join(String conferenceId, String displayName) {
        driver().get(baseUrl + "?conference=" + conferenceId);
        WebElement conference = driver().findElement(By.id("conference"));
        if (!conferenceId.equals(conference.getDomProperty("value"))) {
            throw new AssertionError(name() + ": the page did not prefill the conference from ?conference=");
        }
        WebElement nameField = driver().findElement(By.id("displayName"));
        nameField.clear();
        nameField.sendKeys(displayName);
        driver().findElement(By.id("join")).click();
    }

    void clickLeave() {
        driver().findElement(By.id("leave")).click();
    }

    String phase() {
        return (String) script("return window.meridian.state().phase");
    }

    String participantId() {
        return (String) script("return window.meridian.participantId");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> state() {
        return (Map<String, Object>) script("return window.meridian.state()");
    }

    /** Per remote participant id; the page's Promise is awaited by the driver. */
    @SuppressWarnings("unchecked")
    Map<String, RemoteStats> stats() {
        Map<String, Object> raw = (Map<String, Object>) script("return window.meridian.stats()");
        Map<String, RemoteStats> result = new LinkedHashMap<>();
        raw.forEach((id, value) -> {
            Map<String, Object> row = (Map<String, Object>) value;
            result.put(id, new RemoteStats(number(row.get("framesDecoded")), number(row.get("audioPacketsReceived")),
                    number(row.get("totalAudioEnergy"))));
        });
        return result;
    }

    boolean hasTile(String participantId) {
        return !driver().findElements(By.cssSelector("#tiles [data-participant-id='" + participantId + "']")).isEmpty();
    }

    /** What a person debugging a failure wants: the page's own state and event log, and its console. */
    String diagnostics() {
        StringBuilder out = new StringBuilder("---- ").append(name()).append(" ----\nstate: ");
        try {
            out.append(JSON.toJson(state()));
        } catch (RuntimeException e) {
            out.append("(unavailable: ").append(e.getMessage()).append(')');
        }
        out.append("\nconsole:\n");
        browser.consoleLog().forEach(line -> out.append("  ").append(line).append('\n'));
        return out.toString();
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : 0;
    }
}
