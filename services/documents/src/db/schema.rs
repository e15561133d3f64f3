// The `documents` schema, as the migrations leave it.

diesel::table! {
    documents.estates (group_id, estate_id) {
        group_id -> Uuid,
        estate_id -> Uuid,
        code -> Text,
        name -> Text,
        service_centre_name -> Text,
        service_phone -> Text,
        active -> Bool,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        greeting -> Nullable<Text>,
        business_hours -> Text,
        departments -> Array<Text>,
        version -> Integer,
        time_zone -> Text,
    }
}

diesel::table! {
    documents.estate_calendars (group_id, estate_id) {
        group_id -> Uuid,
        estate_id -> Uuid,
        working_weekdays -> Array<Integer>,
        holidays -> Array<Date>,
        make_up_days -> Array<Date>,
        close_of_business -> Time,
        version -> Integer,
        updated_by -> Nullable<Uuid>,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    documents.buildings (group_id, estate_id, building_id) {
        group_id -> Uuid,
        estate_id -> Uuid,
        building_id -> Uuid,
        name -> Text,
    }
}

diesel::table! {
    documents.units (group_id, estate_id, unit_id) {
        group_id -> Uuid,
        estate_id -> Uuid,
        unit_id -> Uuid,
        building_id -> Uuid,
        label -> Text,
        floor -> Integer,
        area_centi_m2 -> BigInt,
        status -> Text,
        active -> Bool,
        version -> Integer,
        updated_at -> Timestamptz,
        updated_by -> Nullable<Uuid>,
    }
}

diesel::table! {
    documents.residents (group_id, estate_id, resident_id) {
        group_id -> Uuid,
        estate_id -> Uuid,
        resident_id -> Uuid,
        unit_id -> Uuid,
        name -> Text,
        phone -> Nullable<Text>,
        relation -> Text,
        active -> Bool,
        phone_alt -> Nullable<Text>,
        id_number_enc -> Nullable<Bytea>,
        id_last4 -> Nullable<Text>,
        move_in_date -> Nullable<Date>,
        lease_start -> Nullable<Date>,
        lease_end -> Nullable<Date>,
        name_grams -> Array<Text>,
        phone_rev -> Nullable<Text>,
        phone_alt_rev -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        updated_by -> Nullable<Uuid>,
    }
}

diesel::table! {
    documents.id_reveals (group_id, estate_id, resident_id, revealed_at) {
        group_id -> Uuid,
        estate_id -> Uuid,
        resident_id -> Uuid,
        staff_id -> Uuid,
        revealed_at -> Timestamptz,
    }
}

diesel::table! {
    documents.pass_numbers (group_id, estate_id) {
        group_id -> Uuid,
        estate_id -> Uuid,
        last_no -> BigInt,
    }
}

diesel::table! {
    documents.passes (group_id, estate_id, pass_id) {
        group_id -> Uuid,
        estate_id -> Uuid,
        pass_id -> Uuid,
        seq -> BigInt,
        pass_no -> Text,
        kind -> Text,
        unit_id -> Uuid,
        unit_label -> Text,
        holder_name -> Text,
        holder_phone -> Nullable<Text>,
        holder_id_enc -> Bytea,
        holder_id_last4 -> Text,
        resident_id -> Nullable<Uuid>,
        owner_resident_id -> Nullable<Uuid>,
        lease_end -> Nullable<Date>,
        valid_from -> Date,
        valid_until -> Nullable<Date>,
        status -> Text,
        deposit_fen -> BigInt,
        card_fee_fen -> BigInt,
        renewal_fees_fen -> BigInt,
        renewals -> Integer,
        issued_at -> Timestamptz,
        issued_by -> Uuid,
        returned_at -> Nullable<Timestamptz>,
        returned_by -> Nullable<Uuid>,
        version -> Integer,
        updated_at -> Timestamptz,
        idempotency_key -> Nullable<Text>,
        paid_receipt_no -> Nullable<Text>,
        paid_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    documents.pass_trail (group_id, estate_id, step_id) {
        group_id -> Uuid,
        estate_id -> Uuid,
        step_id -> Uuid,
        pass_id -> Uuid,
        at -> Timestamptz,
        action -> Text,
        receipt_no -> Nullable<Text>,
        status -> Text,
        note -> Nullable<Text>,
    }
}

diesel::allow_tables_to_appear_in_same_query!(estates, buildings, units, residents);
