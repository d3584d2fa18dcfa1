package org.doorstep.order.order;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

@Embeddable
public class OrderItem {

    @Column(nullable = false, length = 100)
    public String name;

    @Column(nullable = false)
    public int quantity;

    public OrderItem() {
    }

    public OrderItem(String name, int quantity) {
        this.name = name;
        this.quantity = quantity;
    }
}
