package org.doorstep.common.contracts;

/**
 * The note that goes with a status change (why a handoff failed, why an order went back to the queue). Notes are
 * made of a person's words (up to 500 characters) and a few of ours around them; both services keep them, and
 * publish them in {@link OrderProgressed#reason()}, in columns of {@value #MAX_LENGTH} characters.
 */
public final class StatusNotes {

    public static final int MAX_LENGTH = 500;

    private StatusNotes() {
    }

    /** The note as it fits: cut short with an ellipsis rather than a change that cannot be saved. */
    public static String fit(String note) {
        if (note == null || note.length() <= MAX_LENGTH) {
            return note;
        }
        int end = MAX_LENGTH - 1;
        if (Character.isHighSurrogate(note.charAt(end - 1))) {
            end--;
        }
        return note.substring(0, end) + "…";
    }
}
