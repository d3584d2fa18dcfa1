package org.doorstep.testkit;

import io.quarkus.test.junit.callback.QuarkusTestBeforeClassCallback;
import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;

/**
 * Puts {@link OpenApiValidation} in front of every REST Assured request of every Quarkus test of a service that has
 * testkit (registered in META-INF/services): before the class, for requests made in {@code @BeforeAll}, and before
 * each test, in case a test reset REST Assured.
 */
public class OpenApiValidationCallback implements QuarkusTestBeforeClassCallback, QuarkusTestBeforeEachCallback {

    @Override
    public void beforeClass(Class<?> testClass) {
        OpenApiValidation.install();
    }

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        OpenApiValidation.install();
    }
}
