package org.doorstep.common.events;

/**
 * The topics between the services. State topics are compacted: a new consumer rebuilds its copy by reading them
 * from the start. The rest keep a week of history.
 */
public enum Topic {
    /** Order events, keyed by building so one partition sees one building's orders in order. */
    ORDERS("doorstep.orders", false),
    /** Dispatch events (order progress, runs), keyed by building. */
    DISPATCH("doorstep.dispatch", false),
    /** Latest state of every building, keyed by building id. */
    BUILDINGS("doorstep.buildings", true),
    /** Latest state of every volunteer, keyed by volunteer id. */
    VOLUNTEERS("doorstep.volunteers", true),
    /** Records no consumer could read, with the reason in a header. */
    DEAD_LETTER("doorstep.dead-letter", false);

    private final String topicName;
    private final boolean compacted;

    Topic(String topicName, boolean compacted) {
        this.topicName = topicName;
        this.compacted = compacted;
    }

    public String topicName() {
        return topicName;
    }

    public boolean compacted() {
        return compacted;
    }

    /** Every topic but the dead letters is read by a consumer group whose instances share its partitions. */
    public boolean feedsOwners() {
        return this != DEAD_LETTER;
    }
}
