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

diesel::allow_tables_to_appear_in_same_query!(estates, buildings, units, residents);
