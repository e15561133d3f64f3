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
        skill -> Nullable<Text>,
        technician_id -> Nullable<Uuid>,
        appointment_start -> Nullable<Timestamptz>,
        appointment_end -> Nullable<Timestamptz>,
        dispatched_at -> Nullable<Timestamptz>,
        started_at -> Nullable<Timestamptz>,
        completed_at -> Nullable<Timestamptz>,
        fee_fen -> BigInt,
        follow_up_due -> Nullable<Timestamptz>,
        overall_rating -> Nullable<Integer>,
        closed_at -> Nullable<Timestamptz>,
        needs_callback -> Bool,
        details -> Jsonb,
        callback_due -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    repairs.technicians (group_id, estate_id, technician_id) {
        group_id -> Uuid,
        estate_id -> Uuid,
        technician_id -> Uuid,
        name -> Text,
        skills -> Array<Text>,
        working_hours -> Text,
        max_open -> Integer,
        active -> Bool,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    repairs.trail (group_id, estate_id, work_order_id, seq) {
        group_id -> Uuid,
        estate_id -> Uuid,
        work_order_id -> Uuid,
        seq -> BigInt,
        at -> Timestamptz,
        actor -> Nullable<Uuid>,
        action -> Text,
        from_status -> Nullable<Text>,
        to_status -> Nullable<Text>,
        reason -> Nullable<Text>,
    }
}

diesel::table! {
    repairs.photos (group_id, estate_id, photo_id) {
        group_id -> Uuid,
        estate_id -> Uuid,
        photo_id -> Uuid,
        work_order_id -> Uuid,
        content_type -> Text,
        bytes -> Bytea,
        taken_by -> Uuid,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    repairs.estate_month_stats (group_id, estate_id, month, dim, key) {
        group_id -> Uuid,
        estate_id -> Uuid,
        month -> Date,
        dim -> Text,
        key -> Text,
        opened -> Integer,
        completed -> Integer,
        with_appointment -> Integer,
        arrived_on_time -> Integer,
        completion_ms -> BigInt,
        followed_up -> Integer,
        rating_sum -> Integer,
        rating_count -> Integer,
        satisfied -> Integer,
        revenue_fen -> BigInt,
        done -> Integer,
        done_followed_up -> Integer,
        follow_up_late -> Integer,
        awaiting_follow_up -> Integer,
    }
}

diesel::table! {
    repairs.estate_settings (group_id, estate_id) {
        group_id -> Uuid,
        estate_id -> Uuid,
        fee_ceiling_fen -> BigInt,
        updated_by -> Uuid,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    repairs.units (group_id, estate_id, unit_id) {
        group_id -> Uuid,
        estate_id -> Uuid,
        unit_id -> Uuid,
        unit_label -> Text,
        active -> Bool,
        registry_at -> BigInt,
    }
}

diesel::table! {
    repairs.after_sales_weeks (group_id, estate_id, week_start) {
        group_id -> Uuid,
        estate_id -> Uuid,
        week_start -> Date,
        items -> Jsonb,
        lead_name -> Text,
        signature -> Nullable<Text>,
        signed_at -> Timestamptz,
        recorded_by -> Uuid,
    }
}

diesel::table! {
    repairs.estate_zones (group_id, estate_id) {
        group_id -> Uuid,
        estate_id -> Uuid,
        time_zone -> Text,
        registry_at -> BigInt,
    }
}
