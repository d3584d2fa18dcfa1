package org.doorstep.common.retention;


import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.doorstep.common.BackgroundLoop;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Ends the rows that only serve to recognise a repeat once no repeat can come: the ids of applied events in every
 * service, and each service's own kinds ({@link RetentionRule} beans). Every instance sweeps; the deletes are
 * idempotent, in slices of {@value #SLICE} rows, each committed alone.
 */
@ApplicationScoped
public class Retention {

    private static final Logger LOG = Logger.getLogger(Retention.class);
    static final int SLICE = 1000;

    @Inject
    RetentionConfig config;

    @Inject
    DataSource dataSource;

    @Inject
    Instance<RetentionRule> serviceRules;

    private BackgroundLoop loop;

    void start(@Observes StartupEvent event) {
        loop = new BackgroundLoop("retention", config.interval(), this::sweepQuietly);
        loop.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        loop.stop();
    }

    /** Every kind of row this service keeps for a while. */
    public List<RetentionRule> rules() {
        List<RetentionRule> rules = new ArrayList<>();
        rules.add(new RetentionRule("applied event ids",
                "delete from processed_event where processed_at < ? limit ?", config.processedEvents()));
        serviceRules.forEach(rules::add);
        return rules;
    }

    /** Ends what is past its time now; answers how many rows of each kind went. */
    public Map<String, Integer> sweep() throws SQLException {
        Map<String, Integer> ended = new LinkedHashMap<>();
        for (RetentionRule rule : rules()) {
            LocalDateTime before = LocalDateTime.now(ZoneOffset.UTC).minus(rule.keep());
            int total = 0;
            int slice;
            do {
                try (Connection connection = dataSource.getConnection();
                     PreparedStatement statement = connection.prepareStatement(rule.statement())) {
                    statement.setObject(1, before);
                    statement.setInt(2, SLICE);
                    slice = statement.executeUpdate();
                }
                total += slice;
            } while (slice == SLICE && (loop == null || loop.running()));
            ended.put(rule.name(), total);
        }
        return ended;
    }

    private void sweepQuietly() throws SQLException {
        Map<String, Integer> ended = sweep();
        if (ended.values().stream().anyMatch(count -> count > 0)) {
            LOG.infof("Retention: ended %s", ended);
        }
    }
}
