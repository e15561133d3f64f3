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
    }
}
