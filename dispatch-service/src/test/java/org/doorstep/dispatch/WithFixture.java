package org.doorstep.dispatch;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A dispatch test class's {@link Fixture}: opened before the class's first test and closed after its last. */
public abstract class WithFixture {

    protected static Fixture fixture;

    @BeforeAll
    static void openFixture() throws Exception {
        fixture = new Fixture();
    }

    @AfterAll
    static void closeFixture() {
        fixture.close();
    }
}
