package org.doorstep.volunteer.notify;

/** What a volunteer is told (issue 15). The texts fit a subscribe message's "thing" fields (20 characters at most). */
public enum Call {
    NEW_RUN("新的配送任务"),
    URGENT_ORDER("加急订单加入您的任务"),
    RUN_TAKEN_BACK("配送任务已撤回"),
    /** The volunteer's negative test leaves the test window soon: after it, dispatch gives them no run. */
    TEST_DUE("核酸检测即将过期");

    public final String what;

    Call(String what) {
        this.what = what;
    }
}
