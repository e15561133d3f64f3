// The `reception` schema, as the migrations leave it.

diesel::table! {
    reception.intakes (group_id, estate_id, intake_id) {
        group_id -> Uuid,
        estate_id -> Uuid,
        intake_id -> Uuid,
        channel -> Text,
        category -> Text,
        caller_name -> Nullable<Text>,
        caller_phone -> Nullable<Text>,
        unit_label -> Nullable<Text>,
        request -> Text,
        taken_by -> Uuid,
        status -> Text,
        downstream_kind -> Nullable<Text>,
        downstream_id -> Nullable<Uuid>,
        downstream_no -> Nullable<Text>,
        idempotency_key -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}
