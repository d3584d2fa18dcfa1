package org.doorstep.common.notify;

import java.util.Map;
import java.util.function.IntFunction;

/**
 * How one message goes, as the service that knows its people decides: by which channel to which address (an openid
 * or a phone number, in memory for this one send only) with which template, or not at all and why. {@code data}
 * gives the template's fields for a message that also carries {@code n} others held by the hourly limit.
 */
public record Route(Notice.Channel channel, String address, String template, String page,
                    IntFunction<Map<String, String>> data, String whyNot) {

    public static Route weChat(String openId, String template, String page, IntFunction<Map<String, String>> data) {
        return new Route(Notice.Channel.WECHAT, openId, template, page, data, null);
    }

    public static Route sms(String phone, String template, IntFunction<Map<String, String>> data) {
        return new Route(Notice.Channel.SMS, phone, template, null, data, null);
    }

    public static Route none(String whyNot) {
        return new Route(null, null, null, null, null, whyNot);
    }

    public boolean goes() {
        return channel != null;
    }

    /** "N more messages, see the mini-program": what a message that carries held ones says beside its own news. */
    public static String andMore(int more) {
        return "另有" + more + "条消息请在小程序查看";
    }

    /** The text cut to a template field's length (WeChat's "thing" fields take 20 characters). */
    public static String fit(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
