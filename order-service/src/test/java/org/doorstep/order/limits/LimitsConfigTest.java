package org.doorstep.order.limits;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The limits' defaults and the environment variables that set them, as README documents them. */
class LimitsConfigTest {

    private static Limits read(Map<String, String> environment) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(Limits.class)
                .withSources(new EnvConfigSource(environment, 300)).build();
        return config.getConfigMapping(Limits.class);
    }

    @Test
    void defaults_no_real_family_reaches() {
        Limits limits = read(Map.of());
        assertEquals(10, limits.householdsPerResident());
        assertEquals(5, limits.openUrgentPerHousehold());
        assertEquals(30, limits.openOrdersPerHousehold());
    }

    @Test
    void each_is_set_from_its_environment_variable() {
        Limits limits = read(Map.of("DOORSTEP_LIMIT_HOUSEHOLDS_PER_RESIDENT", "1000000",
                "DOORSTEP_LIMIT_OPEN_URGENT_PER_HOUSEHOLD", "7",
                "DOORSTEP_LIMIT_OPEN_ORDERS_PER_HOUSEHOLD", "40"));
        assertEquals(1_000_000, limits.householdsPerResident());
        assertEquals(7, limits.openUrgentPerHousehold());
        assertEquals(40, limits.openOrdersPerHousehold());
    }
}
