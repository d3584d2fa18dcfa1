package org.doorstep.common;

import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A daemon thread that does a round of work each time it is woken, and at the latest after an interval: the outbox
 * relay, dispatch's replanner. Wake-ups that come during a round make one more round, not one each. A round that
 * fails is tried again after a pause that doubles up to 5 s (a database or broker away).
 */
public final class BackgroundLoop {

    private static final Logger LOG = Logger.getLogger(BackgroundLoop.class);

    /** One round of work. */
    @FunctionalInterface
    public interface Round {
        void run() throws Exception;
    }

    private final String name;
    private final Duration interval;
    private final Round round;
    private final Semaphore wakeUps = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

    public BackgroundLoop(String name, Duration interval, Round round) {
        this.name = name;
        this.interval = interval;
        this.round = round;
    }

    public void start() {
        running = true;
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Ends the loop after the round under way, waiting up to 5 s for it. */
    public void stop() throws InterruptedException {
        running = false;
        wakeUps.release();
        if (thread != null) {
            thread.join(5000);
        }
    }

    public void wake() {
        wakeUps.release();
    }

    /** False once stopping: a long round checks it between its steps. */
    public boolean running() {
        return running;
    }

    private void loop() {
        long backoffMillis = 0;
        while (running) {
            try {
                if (backoffMillis > 0) {
                    Thread.sleep(backoffMillis);
                } else {
                    wakeUps.tryAcquire(interval.toMillis(), TimeUnit.MILLISECONDS);
                }
                wakeUps.drainPermits();
                round.run();
                backoffMillis = 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                backoffMillis = Math.min(Math.max(backoffMillis * 2, 250), 5000);
                LOG.warnf("%s: a round failed (%s); trying again in %d ms", name, Failures.describe(e), backoffMillis);
            }
        }
    }
}
