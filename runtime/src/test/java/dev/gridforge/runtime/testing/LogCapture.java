package dev.gridforge.runtime.testing;

import java.text.MessageFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects what one logger logs while open, instead of printing it: a test that provokes a
 * warning asserts on it, and the build output is not littered with warnings that are expected.
 */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final boolean parentHandlers;
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            messages.add(r.getLevel() + " " + MessageFormat.format(r.getMessage(), r.getParameters()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** Captures the logger named after {@code source} (System.Logger names follow the class). */
    public LogCapture(Class<?> source) {
        this.logger = Logger.getLogger(source.getName());
        this.parentHandlers = logger.getUseParentHandlers();
        logger.addHandler(handler);
        logger.setUseParentHandlers(false);
    }

    /** Each record as "LEVEL formatted message", in order. */
    public List<String> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setUseParentHandlers(parentHandlers);
    }
}
