package io.meridian.server.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's start-up configuration (found through {@code META-INF/services}): text at {@code info} on standard
 * output until {@code Main} applies the node's {@code log.*} settings; also what in-process tests get.
 */
public final class DefaultLogConfigurator extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        LogSetup.install(context, "text", "info");
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
