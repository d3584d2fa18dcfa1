package org.doorstep.common.inbox;

/**
 * Told of every event a consumer set aside on the dead-letter topic, once the letter is written, so that a service can
 * tell the people the event concerns (an order that never reached the queue must not go unnoticed). Called outside
 * any transaction; a listener that fails is logged and does not stop the consumer.
 */
public interface SetAsideListener {

    void setAside(String consumer, String topic, String key, String reason);
}
