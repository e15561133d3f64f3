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

diesel::table! {
    billing.charges (group_id, estate_id, charge_id) {
        group_id -> Uuid,
        estate_id -> Uuid,
        charge_id -> Uuid,
        unit_label -> Text,
        source -> Text,
        source_id -> Text,
        description -> Text,
        amount_fen -> BigInt,
        paid_fen -> BigInt,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    billing.payments (group_id, estate_id, payment_id) {
        group_id -> Uuid,
        estate_id -> Uuid,
        payment_id -> Uuid,
        unit_label -> Text,
        method -> Text,
        amount_fen -> BigInt,
        receipt_no -> Text,
        cashier -> Uuid,
        taken_at -> Timestamptz,
        session_id -> Nullable<Uuid>,
    }
}

diesel::table! {
    billing.cash_sessions (group_id, estate_id, session_id) {
        group_id -> Uuid,
        estate_id -> Uuid,
        session_id -> Uuid,
        cashier -> Uuid,
        opened_at -> Timestamptz,
        opening_float_fen -> BigInt,
        closed_at -> Nullable<Timestamptz>,
        expected -> Nullable<Jsonb>,
        counted -> Nullable<Jsonb>,
        difference_fen -> Nullable<BigInt>,
        handed_over_at -> Nullable<Timestamptz>,
        hand_over_due -> Nullable<Timestamptz>,
        handed_over_late -> Nullable<Bool>,
    }
}

diesel::table! {
    billing.allocations (group_id, estate_id, payment_id, charge_id) {
        group_id -> Uuid,
        estate_id -> Uuid,
        payment_id -> Uuid,
        charge_id -> Uuid,
        amount_fen -> BigInt,
    }
}
diesel::allow_tables_to_appear_in_same_query!(charges, allocations);
