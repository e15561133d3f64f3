// The `complaints` schema, as the migrations leave it.

diesel::table! {
    complaints.complaints (group_id, estate_id, complaint_id) {
        group_id -> Uuid,
        estate_id -> Uuid,
        complaint_id -> Uuid,
        complaint_no -> Text,
        intake_id -> Nullable<Uuid>,
        severity -> Text,
        status -> Text,
        channel -> Text,
        complainant_name -> Nullable<Text>,
        complainant_phone -> Nullable<Text>,
        unit_label -> Nullable<Text>,
        description -> Text,
        taken_by -> Uuid,
        version -> Integer,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}
