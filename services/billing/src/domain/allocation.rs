//! Allocating a payment to a unit's open charges: the oldest first unless the payer chose.

/// An open charge: its id and what is still owed on it, oldest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Owed<Id> {
    pub id: Id,
    pub owed_fen: i64,
}

/// How much of `amount_fen` goes to each charge, in order; the payment may not exceed what is
/// owed (`None`), and every part is positive.
pub fn allocate<Id: Copy>(owed: &[Owed<Id>], amount_fen: i64) -> Option<Vec<(Id, i64)>> {
    let total: i64 = owed.iter().map(|o| o.owed_fen).sum();
    if amount_fen <= 0 || amount_fen > total {
        return None;
    }
    let mut left = amount_fen;
    let mut parts = Vec::new();
    for o in owed {
        if left == 0 {
            break;
        }
        let part = left.min(o.owed_fen);
        if part > 0 {
            parts.push((o.id, part));
            left -= part;
        }
    }
    Some(parts)
}

/// The receipt number as printed: estate code, year, six digits.
pub fn receipt_no(estate_code: &str, year: i32, n: i32) -> String {
    format!("{estate_code}-{year}-{n:06}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owed(v: &[i64]) -> Vec<Owed<usize>> {
        v.iter()
            .enumerate()
            .map(|(id, &owed_fen)| Owed { id, owed_fen })
            .collect()
    }

    #[test]
    fn oldest_charges_are_paid_first() {
        assert_eq!(
            allocate(&owed(&[1000, 500, 200]), 1200),
            Some(vec![(0, 1000), (1, 200)])
        );
        assert_eq!(
            allocate(&owed(&[1000, 500]), 1500),
            Some(vec![(0, 1000), (1, 500)])
        );
        assert_eq!(
            allocate(&owed(&[1000]), 1001),
            None,
            "no paying more than is owed"
        );
        assert_eq!(allocate(&owed(&[1000]), 0), None);
    }

    #[test]
    fn allocations_always_add_up_to_the_payment() {
        // A small exhaustive check over many histories.
        for a in 1..20i64 {
            for b in 1..20i64 {
                for pay in 1..=(a + b) {
                    let parts = allocate(&owed(&[a * 50, b * 30]), pay * 10).unwrap_or_default();
                    if pay * 10 <= a * 50 + b * 30 {
                        assert_eq!(parts.iter().map(|p| p.1).sum::<i64>(), pay * 10);
                        assert!(parts.iter().all(|p| p.1 > 0));
                    }
                }
            }
        }
        assert_eq!(receipt_no("SUN", 2026, 42), "SUN-2026-000042");
    }
}
