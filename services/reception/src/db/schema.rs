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
        unit_id -> Nullable<Uuid>,
        resident_id -> Nullable<Uuid>,
        due_at -> Nullable<Timestamptz>,
        promised_by -> Nullable<Timestamptz>,
        downstream_closed_at -> Nullable<Timestamptz>,
        downstream_result -> Nullable<Text>,
        told_at -> Nullable<Timestamptz>,
        told_via -> Nullable<Text>,
        result -> Nullable<Text>,
        satisfaction -> Nullable<Text>,
        closed_at -> Nullable<Timestamptz>,
        closed_by -> Nullable<Uuid>,
        updated_by -> Nullable<Uuid>,
        owner_id -> Uuid,
    }
}

diesel::table! {
    reception.intake_handling (group_id, estate_id, intake_id) {
        group_id -> Uuid,
        estate_id -> Uuid,
        intake_id -> Uuid,
        handled_at -> Nullable<Timestamptz>,
        referred_to -> Nullable<Text>,
        referral_subject -> Nullable<Text>,
        referred_at -> Nullable<Timestamptz>,
        referred_by -> Nullable<Uuid>,
        outcome -> Nullable<Text>,
        outcome_by -> Nullable<Uuid>,
        outcome_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    reception.intake_trail (group_id, estate_id, step_id) {
        group_id -> Uuid,
        estate_id -> Uuid,
        step_id -> Uuid,
        intake_id -> Uuid,
        at -> Timestamptz,
        actor -> Uuid,
        action -> Text,
        owner_id -> Uuid,
        note -> Nullable<Text>,
    }
}

diesel::table! {
    reception.estates (group_id, estate_id) {
        group_id -> Uuid,
        estate_id -> Uuid,
        code -> Text,
        name -> Text,
        service_centre_name -> Text,
        greeting -> Nullable<Text>,
        business_hours -> Text,
        active -> Bool,
        version -> Integer,
        time_zone -> Text,
    }
}

diesel::table! {
    reception.units (group_id, estate_id, unit_id) {
        group_id -> Uuid,
        estate_id -> Uuid,
        unit_id -> Uuid,
        label -> Text,
        building_name -> Text,
        status -> Text,
        active -> Bool,
        version -> Integer,
    }
}

diesel::table! {
    reception.residents (group_id, estate_id, resident_id) {
        group_id -> Uuid,
        estate_id -> Uuid,
        resident_id -> Uuid,
        unit_id -> Uuid,
        name -> Text,
        phone -> Nullable<Text>,
        phone_alt -> Nullable<Text>,
        relation -> Text,
        active -> Bool,
        version -> Integer,
    }
}

diesel::table! {
    reception.visitors (group_id, estate_id, visitor_id) {
        group_id -> Uuid,
        estate_id -> Uuid,
        visitor_id -> Uuid,
        name -> Text,
        company -> Nullable<Text>,
        phone -> Nullable<Text>,
        visiting -> Text,
        unit_id -> Nullable<Uuid>,
        unit_label -> Nullable<Text>,
        purpose -> Nullable<Text>,
        arrived_at -> Timestamptz,
        signed_in_by -> Uuid,
        left_at -> Nullable<Timestamptz>,
        signed_out_by -> Nullable<Uuid>,
    }
}

diesel::table! {
    reception.shifts (group_id, estate_id, shift_id) {
        group_id -> Uuid,
        estate_id -> Uuid,
        shift_id -> Uuid,
        kind -> Text,
        status -> Text,
        opened_by -> Uuid,
        opened_at -> Timestamptz,
        handed_over_by -> Nullable<Uuid>,
        handed_over_at -> Nullable<Timestamptz>,
        handover -> Nullable<Jsonb>,
        acknowledged_by -> Nullable<Uuid>,
        acknowledged_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    reception.shift_notes (group_id, estate_id, note_id) {
        group_id -> Uuid,
        estate_id -> Uuid,
        note_id -> Uuid,
        shift_id -> Uuid,
        body -> Text,
        important -> Bool,
        created_by -> Uuid,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    reception.parcels (group_id, estate_id, parcel_id) {
        group_id -> Uuid,
        estate_id -> Uuid,
        parcel_id -> Uuid,
        kind -> Text,
        carrier -> Nullable<Text>,
        tracking_no -> Nullable<Text>,
        recipient_name -> Text,
        unit_id -> Nullable<Uuid>,
        unit_label -> Nullable<Text>,
        damage_note -> Nullable<Text>,
        status -> Text,
        received_at -> Timestamptz,
        received_by -> Uuid,
        notified_at -> Nullable<Timestamptz>,
        notify_count -> Integer,
        collected_at -> Nullable<Timestamptz>,
        collector_name -> Nullable<Text>,
        collector_signature -> Nullable<Text>,
        handed_over_by -> Nullable<Uuid>,
        returned_at -> Nullable<Timestamptz>,
        returned_by -> Nullable<Uuid>,
        return_reason -> Nullable<Text>,
    }
}

diesel::table! {
    reception.keys (group_id, estate_id, key_id) {
        group_id -> Uuid,
        estate_id -> Uuid,
        key_id -> Uuid,
        kind -> Text,
        label -> Text,
        building -> Nullable<Text>,
        floor -> Nullable<Integer>,
        unit_id -> Nullable<Uuid>,
        active -> Bool,
        created_by -> Uuid,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    reception.key_loans (group_id, estate_id, loan_id) {
        group_id -> Uuid,
        estate_id -> Uuid,
        loan_id -> Uuid,
        key_id -> Uuid,
        borrower_name -> Text,
        borrower_phone -> Nullable<Text>,
        outsider -> Bool,
        borrower_id_last4 -> Nullable<Text>,
        deposit_fen -> BigInt,
        signature -> Text,
        purpose -> Nullable<Text>,
        lent_at -> Timestamptz,
        lent_by -> Uuid,
        due_at -> Timestamptz,
        returned_at -> Nullable<Timestamptz>,
        returned_to -> Nullable<Uuid>,
    }
}

diesel::table! {
    reception.key_counts (group_id, estate_id, count_id) {
        group_id -> Uuid,
        estate_id -> Uuid,
        count_id -> Uuid,
        counted_by -> Uuid,
        counted_at -> Timestamptz,
        total -> Integer,
        present -> Integer,
        lent -> Integer,
        missing -> Jsonb,
    }
}

diesel::table! {
    reception.records (group_id, estate_id, record_id) {
        group_id -> Uuid,
        estate_id -> Uuid,
        record_id -> Uuid,
        kind -> Text,
        title -> Text,
        details -> Jsonb,
        status -> Text,
        unit_id -> Nullable<Uuid>,
        occurred_at -> Timestamptz,
        created_by -> Uuid,
        created_at -> Timestamptz,
        updated_by -> Nullable<Uuid>,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    reception.desk_staff (group_id, estate_id, staff_id) {
        group_id -> Uuid,
        estate_id -> Uuid,
        staff_id -> Uuid,
        desk -> Bool,
        seen_at -> Timestamptz,
    }
}

diesel::allow_tables_to_appear_in_same_query!(keys, key_loans);
