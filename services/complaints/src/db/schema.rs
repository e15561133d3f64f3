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
        complaint_type -> Text,
        validity -> Nullable<Text>,
        department -> Nullable<Text>,
        assigned_at -> Nullable<Timestamptz>,
        deadline_at -> Nullable<Timestamptz>,
        reply_due -> Nullable<Timestamptz>,
        resolved_at -> Nullable<Timestamptz>,
        replied_at -> Nullable<Timestamptz>,
        satisfaction -> Nullable<Text>,
        closed_at -> Nullable<Timestamptz>,
        escalation_level -> Integer,
        reminded_at -> Nullable<Timestamptz>,
        details -> Jsonb,
        month -> Date,
        assign_by -> Nullable<Timestamptz>,
        sweep_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    complaints.trail (group_id, estate_id, complaint_id, seq) {
        group_id -> Uuid,
        estate_id -> Uuid,
        complaint_id -> Uuid,
        seq -> BigInt,
        at -> Timestamptz,
        actor -> Nullable<Uuid>,
        action -> Text,
        from_status -> Nullable<Text>,
        to_status -> Nullable<Text>,
        reason -> Nullable<Text>,
        details -> Jsonb,
    }
}

diesel::table! {
    complaints.estate_settings (group_id, estate_id) {
        group_id -> Uuid,
        estate_id -> Uuid,
        resolve_days -> Integer,
        resolve_days_by_type -> Jsonb,
        remind_hours_before -> Integer,
        working_weekdays -> Array<Integer>,
        holidays -> Array<Date>,
        extra_workdays -> Array<Date>,
        business_end -> Time,
        departments -> Array<Text>,
        updated_at -> Timestamptz,
        assign_within_hours -> Integer,
        time_zone -> Text,
        calendar_version -> BigInt,
    }
}

diesel::table! {
    complaints.stats (group_id, estate_id, month, complaint_type, severity) {
        group_id -> Uuid,
        estate_id -> Uuid,
        month -> Date,
        complaint_type -> Text,
        severity -> Text,
        received -> Integer,
        valid -> Integer,
        invalid -> Integer,
        resolved -> Integer,
        on_time -> Integer,
        replied -> Integer,
        followed_up -> Integer,
        satisfied -> Integer,
        basically_satisfied -> Integer,
        dissatisfied -> Integer,
        due -> Integer,
        extended -> Integer,
    }
}

diesel::table! {
    complaints.frozen_months (group_id, estate_id, month) {
        group_id -> Uuid,
        estate_id -> Uuid,
        month -> Date,
        frozen_at -> Timestamptz,
        frozen_by -> Uuid,
        figures -> Jsonb,
    }
}
