// The `billing` schema, as the migrations leave it.

diesel::table! {
    billing.unit_accounts (group_id, estate_id, unit_id) {
        group_id -> Uuid,
        estate_id -> Uuid,
        unit_id -> Uuid,
        unit_label -> Text,
        area_centi_m2 -> BigInt,
        registry_at -> BigInt,
        balance_fen -> BigInt,
        opened_at -> Timestamptz,
    }
}
