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
        period -> Text,
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
        prints -> Integer,
        idempotency_key -> Nullable<Text>,
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
        handed_over_by -> Nullable<Uuid>,
        confirmed_by -> Nullable<Uuid>,
        confirmed_at -> Nullable<Timestamptz>,
        resolution -> Nullable<Text>,
        resolution_note -> Nullable<Text>,
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
diesel::table! {
    billing.reversals (group_id, estate_id, payment_id) {
        group_id -> Uuid,
        estate_id -> Uuid,
        payment_id -> Uuid,
        amount_fen -> BigInt,
        reason -> Text,
        status -> Text,
        requested_by -> Uuid,
        requested_at -> Timestamptz,
        decided_by -> Nullable<Uuid>,
        decided_at -> Nullable<Timestamptz>,
        session_id -> Nullable<Uuid>,
        method -> Text,
    }
}

diesel::table! {
    billing.deposits (group_id, estate_id, deposit_id) {
        group_id -> Uuid,
        estate_id -> Uuid,
        deposit_id -> Uuid,
        unit_label -> Text,
        holder_name -> Text,
        pass_id -> Text,
        pass_no -> Text,
        amount_fen -> BigInt,
        charge_id -> Uuid,
        status -> Text,
        receipt_no -> Nullable<Text>,
        payment_id -> Nullable<Uuid>,
        returned_at -> Nullable<Timestamptz>,
        refunded_at -> Nullable<Timestamptz>,
        refunded_by -> Nullable<Uuid>,
        refund_method -> Nullable<Text>,
        refund_session -> Nullable<Uuid>,
        created_at -> Timestamptz,
        refund_cash_fen -> BigInt,
    }
}

diesel::table! {
    billing.calendars (group_id, estate_id) {
        group_id -> Uuid,
        estate_id -> Uuid,
        holidays -> Array<Date>,
        make_up_days -> Array<Date>,
        updated_by -> Uuid,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    billing.estate_calendars (group_id, estate_id) {
        group_id -> Uuid,
        estate_id -> Uuid,
        working_weekdays -> Array<Integer>,
        holidays -> Array<Date>,
        make_up_days -> Array<Date>,
        close_of_business -> Time,
        time_zone -> Text,
        version -> BigInt,
    }
}

diesel::table! {
    billing.period_stats (group_id, estate_id, period) {
        group_id -> Uuid,
        estate_id -> Uuid,
        period -> Text,
        charges -> BigInt,
        charged_fen -> BigInt,
        collected_fen -> BigInt,
    }
}

diesel::allow_tables_to_appear_in_same_query!(charges, allocations, payments, reversals);
