package org.doorstep.order.order;

import java.util.List;

/** The orders one transaction moved, observed in it at once (notify records their messages in one statement). */
public record OrdersMoved(List<OrderMoved> moves) {
}
