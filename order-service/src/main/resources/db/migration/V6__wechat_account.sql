-- WeChat sign-in (issue 14, order-service/.../wechat): which resident account an openid signs in as. The openid is kept
-- only as an HMAC under a server secret (DOORSTEP_WECHAT_BINDING_SECRET), so this table alone reveals no openid. The
-- primary key makes two first sign-ins of one openid at the same moment end with one account.
create table wechat_account (
    openid_hash char(64) not null primary key,
    account varchar(100) not null,
    created_at datetime(6) not null,
    constraint uq_wechat_account_account unique (account)
) engine = InnoDB;
