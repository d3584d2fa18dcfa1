package org.doorstep.order.notify;

import org.doorstep.common.contracts.BuildingStatus;
import org.doorstep.order.order.OrderStatus;

import java.util.Optional;

/**
 * What a resident is told about. {@code priority}: when consents for a template are short, the lower number spends
 * them first (delivered and failed before assigned). {@code bySms}: worth an SMS to a household without WeChat.
 */
public enum Kind {
    DELIVERED(0, true, "已送到门口", "请开门取货"),
    FAILED(0, true, "未能送达", "网格员会联系您"),
    BUILDING_SEALED(1, true, "楼栋封控", "物资由志愿者送到门口"),
    BUILDING_CONTROLLED(1, true, "楼栋管控", "物资由志愿者送到门口"),
    BUILDING_PRECAUTION(1, true, "楼栋防范", "请按通知到门口取货"),
    BUILDING_OPEN(1, true, "楼栋解封", "可到小区门口自取"),
    OUT_FOR_DELIVERY(2, false, "正在配送", "志愿者已取货"),
    ASSIGNED(3, false, "已安排志愿者", "请留意送达通知");

    public final int priority;
    public final boolean bySms;
    /** Short Chinese texts that fit a subscribe message's "thing" fields (20 characters at most). */
    public final String what;
    public final String next;

    Kind(int priority, boolean bySms, String what, String next) {
        this.priority = priority;
        this.bySms = bySms;
        this.what = what;
        this.next = next;
    }

    public boolean aboutBuilding() {
        return name().startsWith("BUILDING_");
    }

    /** The kind told when an order reaches the status, if any. */
    public static Optional<Kind> ofOrder(OrderStatus status) {
        return switch (status) {
            case ASSIGNED -> Optional.of(ASSIGNED);
            case OUT_FOR_DELIVERY -> Optional.of(OUT_FOR_DELIVERY);
            case DELIVERED -> Optional.of(DELIVERED);
            case FAILED -> Optional.of(FAILED);
            default -> Optional.empty();
        };
    }

    public static Kind ofBuilding(BuildingStatus status) {
        return valueOf("BUILDING_" + status.name());
    }
}
