// The `identity` schema, as the migrations leave it.

diesel::table! {
    identity.staff_accounts (group_id, staff_id) {
        group_id -> Uuid,
        staff_id -> Uuid,
        username -> Text,
        display_name -> Text,
        password_hash -> Text,
        roles -> Array<Text>,
        scope_all -> Bool,
        estate_ids -> Array<Uuid>,
        active -> Bool,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    identity.resident_accounts (group_id, resident_id) {
        group_id -> Uuid,
        resident_id -> Uuid,
        display_name -> Text,
        phone -> Text,
        password_hash -> Text,
        unit_estate_ids -> Array<Uuid>,
        unit_labels -> Array<Text>,
        active -> Bool,
        created_by -> Uuid,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}
