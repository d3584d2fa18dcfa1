package org.doorstep.testkit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What a service under test (in this JVM) logs while the capture is open: a handler on the root logger, which the
 * Quarkus log manager feeds with every logger's records.
 */
public final class LogCapture implements AutoCloseable {

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger detailed;
    private final Level detailedWas;

    /** @param detailed a logger whose DEBUG lines are wanted too (restored on close) */
    private LogCapture(String detailed) {
        this.detailed = Logger.getLogger(detailed);
        this.detailedWas = this.detailed.getLevel();
        this.detailed.setLevel(Level.FINE);
        handler.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(handler);
    }

    public static LogCapture withDebugOf(Class<?> detailed) {
        return new LogCapture(detailed.getName());
    }

    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** The records of one logger. */
    public List<LogRecord> of(Class<?> logger) {
        return records.stream().filter(r -> logger.getName().equals(r.getLoggerName())).toList();
    }

    /** The records at WARN (JUL: WARNING) or above, of any logger. */
    public List<LogRecord> warningsAndErrors() {
        return records.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue()).toList();
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(handler);
        detailed.setLevel(detailedWas);
    }
}
