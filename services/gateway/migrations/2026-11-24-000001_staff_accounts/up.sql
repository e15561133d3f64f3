-- Staff accounts: who may sign in, with which roles, over which estates of their group.
CREATE TABLE identity.staff_accounts (
    group_id      uuid        NOT NULL,
    staff_id      uuid        NOT NULL,
    username      text        NOT NULL,
    display_name  text        NOT NULL,
    password_hash text        NOT NULL,
    roles         text[]      NOT NULL,
    -- true: every estate of the group (HQ); false: only estate_ids.
    scope_all     boolean     NOT NULL DEFAULT false,
    estate_ids    uuid[]      NOT NULL DEFAULT '{}',
    active        boolean     NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, staff_id)
);
CREATE UNIQUE INDEX staff_accounts_username ON identity.staff_accounts (lower(username));
