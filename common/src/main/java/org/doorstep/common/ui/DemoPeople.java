package org.doorstep.common.ui;

import java.util.List;

/** The people of the local district this service knows, offered on the local sign-in page. */
public interface DemoPeople {

    /** One person to sign in as; {@code page} is where they go after signing in. */
    record Person(String role, String subject, List<Long> grids, String label, String page) {
    }

    List<Person> people();
}
