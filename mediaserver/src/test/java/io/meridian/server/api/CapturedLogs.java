package io.meridian.server.api;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.meridian.server.peer.Poll;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The in-process node's log events while open: a logback appender on the root logger. Logging is synchronous, so
 * what a request logged before its response was sent is here once the client has the response.
 */
final class CapturedLogs implements AutoCloseable {
    private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            events.add(event);
        }
    };
    /** Loggers set to DEBUG by {@link #withDebugOf}, with the level each had before. */
    private final Map<Logger, Level> raised = new LinkedHashMap<>();

    private CapturedLogs() {
        appender.setContext(root.getLoggerContext());
        appender.start();
        root.addAppender(appender);
    }

    static CapturedLogs attach() {
        return new CapturedLogs();
    }

    /** Captures the DEBUG events of {@code loggerName} too, until closed. */
    CapturedLogs withDebugOf(String loggerName) {
        Logger logger = (Logger) LoggerFactory.getLogger(loggerName);
        raised.putIfAbsent(logger, logger.getLevel());
        logger.setLevel(Level.DEBUG);
        return this;
    }

    /** Events at ERROR or with a stack trace: what nothing a client sends may cause. */
    List<String> alarms() {
        return events.stream().filter(e -> e.getLevel() == Level.ERROR || e.getThrowableProxy() != null)
                .map(e -> e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage()
                        + (e.getThrowableProxy() == null ? "" : " [" + e.getThrowableProxy().getClassName() + "]"))
                .toList();
    }

    /** Waits for an event whose message contains {@code fragment}. */
    void await(String fragment) {
        Poll.until("a log event containing '" + fragment + "'", () -> events.stream()
                .anyMatch(e -> e.getFormattedMessage().contains(fragment)) ? null : events.size() + " events");
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
        raised.forEach(Logger::setLevel);
    }
}
