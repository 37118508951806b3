package io.meridian.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * Configures the node's one log (logback, on standard output) from {@code log.format} and {@code log.level}; no XML.
 *
 * <p>{@code text} is one human-readable line per event. {@code json} is one JSON object per line (logback's
 * {@link JsonEncoder}): {@code timestamp} (epoch millis), {@code level}, {@code threadName}, {@code loggerName},
 * {@code formattedMessage}, and the event's structured fields: {@code kvpList} (e.g. {@code conference} and
 * {@code participant} ids of conference lifecycle events), {@code mdc} and {@code throwable} when present.
 * java.util.logging (ice4j, jitsi-srtp) reaches this log through {@code SLF4JBridgeHandler}; the
 * {@link LevelChangePropagator} keeps JUL's levels in step so filtered-out JUL records cost nothing.
 */
public final class LogSetup {
    /** ISO-8601 time with offset, level, thread, logger, message. */
    public static final String TEXT_PATTERN =
            "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%n";

    private LogSetup() {
    }

    /**
     * Replaces the current logback configuration. Does nothing when SLF4J is bound to another backend (then that
     * backend's own configuration applies).
     *
     * @param format {@code text} or {@code json}
     * @param level  {@code error}, {@code warn}, {@code info}, {@code debug} or {@code trace}
     */
    public static void configure(String format, String level) {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory instanceof LoggerContext context) {
            context.reset();
            install(context, format, level);
        }
    }

    /** Adds the console appender and levels to a fresh (or freshly reset) context. */
    static void install(LoggerContext context, String format, String level) {
        LevelChangePropagator julLevels = new LevelChangePropagator();
        julLevels.setContext(context);
        julLevels.setResetJUL(true);
        julLevels.start();
        context.addListener(julLevels);

        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("console");
        console.setEncoder(encoder(context, format));
        console.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(level.toUpperCase(Locale.ROOT), Level.INFO));
        root.addAppender(console);
        // Lettuce logs every reconnect attempt at INFO (once a second during a Redis outage); the placement layer
        // already logs the outage once.
        if (root.getLevel().isGreaterOrEqual(Level.INFO)) {
            context.getLogger("io.lettuce").setLevel(Level.WARN);
        }
    }

    static Encoder<ILoggingEvent> encoder(LoggerContext context, String format) {
        if ("json".equals(format)) {
            JsonEncoder json = new JsonEncoder();
            json.setContext(context);
            json.setWithContext(false);
            json.setWithSequenceNumber(false);
            json.setWithNanoseconds(false);
            json.setWithMessage(false);
            json.setWithArguments(false);
            json.setWithFormattedMessage(true);
            json.start();
            return json;
        }
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern(TEXT_PATTERN);
        text.start();
        return text;
    }
}
