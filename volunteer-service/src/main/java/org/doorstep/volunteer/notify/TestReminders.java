package org.doorstep.volunteer.notify;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.doorstep.common.notify.NoticeSender;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Reminds a vetted volunteer whose negative test is about to leave the test window (48 hours; after it dispatch gives
 * them no run) to be tested again (issue 15). Checked on a schedule by every instance; the reminder is recorded once
 * per (volunteer, test) in the shared notification table, whose unique step makes the cluster send it once however
 * many instances find it.
 */
@ApplicationScoped
public class TestReminders {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("MM-dd HH:mm");

    @Inject
    EntityManager em;

    @Inject
    VolunteerNotices notices;

    @ConfigProperty(name = "doorstep.volunteer.test-window")
    Duration testWindow;

    @Inject
    VolunteerNotifyConfig config;

    @ConfigProperty(name = "doorstep.timezone", defaultValue = "Asia/Shanghai")
    ZoneId zone;

    @Scheduled(every = "${doorstep.volunteer-notify.test-reminder-every:5m}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void check() {
        QuarkusTransaction.requiringNew().run(this::remind);
    }

    /** Records a reminder for each volunteer whose latest test is negative and leaves the window within the lead. */
    void remind() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Duration before = config.testReminderBefore();
        @SuppressWarnings("unchecked")
        List<Object[]> due = em.createNativeQuery("select id, latest_test_taken_at from volunteer"
                        + " where vetting = 'APPROVED' and latest_test_result = 'NEGATIVE'"
                        + " and latest_test_taken_at > ?1 and latest_test_taken_at <= ?2")
                .setParameter(1, now.minus(testWindow).toLocalDateTime())
                .setParameter(2, now.minus(testWindow).plus(before).toLocalDateTime())
                .getResultList();
        for (Object[] row : due) {
            long volunteer = ((Number) row[0]).longValue();
            OffsetDateTime takenAt = NoticeSender.utc(row[1]);
            OffsetDateTime ends = takenAt.plus(testWindow);
            notices.record(VolunteerNotices.recipientOf(volunteer), "test:" + takenAt.toInstant(),
                    Call.TEST_DUE.name(), false, "请在" + ends.atZoneSameInstant(zone).format(WHEN) + "前重新检测",
                    Map.of());
        }
    }
}
