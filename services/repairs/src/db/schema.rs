// The `repairs` schema, as the migrations leave it.

diesel::table! {
    repairs.work_orders (group_id, estate_id, work_order_id) {
        group_id -> Uuid,
        estate_id -> Uuid,
        work_order_id -> Uuid,
        order_no -> Text,
        intake_id -> Nullable<Uuid>,
        kind -> Text,
        status -> Text,
        contact_name -> Nullable<Text>,
        contact_phone -> Nullable<Text>,
        unit_label -> Nullable<Text>,
        problem -> Text,
        reported_by -> Uuid,
        version -> Integer,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}
