package org.doorstep.common.events;

/**
 * The key of every event that feeds a compound's owner: {@code <compoundId>/<entityId>}. The entity's id keeps a
 * compacted topic's latest state per entity (a compound alone as key would keep one volunteer per compound); the
 * compound part chooses the partition ({@link org.doorstep.common.kafka.CompoundPartitioner}), so all of a compound's
 * events reach the one instance that owns it. A building and a volunteer never change compound.
 */
public final class EventKeys {

    private static final char SEPARATOR = '/';

    private EventKeys() {
    }

    /** The key of an event about an entity of the compound. */
    public static String of(long compoundId, long entityId) {
        return compoundId + String.valueOf(SEPARATOR) + entityId;
    }

    /** The compound a key names, or null for a key of another shape. */
    public static Long compoundOf(String key) {
        return number(key, 0);
    }

    /** The entity a key names after its compound, or null for a key of another shape. */
    public static Long entityOf(String key) {
        return number(key, 1);
    }

    private static Long number(String key, int part) {
        String[] parts = key == null ? new String[0] : key.split(String.valueOf(SEPARATOR), -1);
        if (parts.length != 2) {
            return null;
        }
        try {
            return Long.parseLong(parts[part]);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The part of a key that chooses its partition: the compound, or the whole key if it names none. */
    public static String partitionPart(String key) {
        int separator = key.indexOf(SEPARATOR);
        return separator < 0 ? key : key.substring(0, separator);
    }
}
