package org.doorstep.order.erasure;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** When a compound's households are erased after its lockdown ({@code DOORSTEP_ERASURE_*}). */
@ConfigMapping(prefix = "doorstep.erasure")
public interface ErasureConfig {

    /**
     * Days every building of a compound must have been OPEN: two weeks, so a compound sealed again after a few days
     * (a new case) still finds its doors.
     */
    @WithDefault("14")
    int afterOpenDays();

    /** How often ended lockdowns are looked for. */
    @WithDefault("PT1H")
    Duration interval();

    /** Households erased per transaction, so a large compound never holds many locks for long. */
    @WithDefault("100")
    int batchSize();
}
