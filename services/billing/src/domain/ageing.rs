//! Arrears ageing and the collection rate.

use serde::Serialize;

/// What a unit owes, by how long it has been owed: up to 30 days, 31–60, 61–90, 91–180 and
/// more than 180.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Ageing {
    pub d0_30: i64,
    pub d31_60: i64,
    pub d61_90: i64,
    pub d91_180: i64,
    pub d180_plus: i64,
}

impl Ageing {
    /// Count `owed_fen` of a charge raised `days` days ago.
    pub fn add(&mut self, days: i64, owed_fen: i64) {
        let slot = match days {
            i64::MIN..=30 => &mut self.d0_30,
            31..=60 => &mut self.d31_60,
            61..=90 => &mut self.d61_90,
            91..=180 => &mut self.d91_180,
            _ => &mut self.d180_plus,
        };
        *slot += owed_fen;
    }

    pub fn total(&self) -> i64 {
        self.d0_30 + self.d31_60 + self.d61_90 + self.d91_180 + self.d180_plus
    }

    pub fn merge(&mut self, o: &Ageing) {
        self.d0_30 += o.d0_30;
        self.d31_60 += o.d31_60;
        self.d61_90 += o.d61_90;
        self.d91_180 += o.d91_180;
        self.d180_plus += o.d180_plus;
    }
}

/// Collected over charged, in basis points (10000 = all collected); `None` when nothing was
/// charged. Integers, so that the same books always give the same rate.
pub fn collection_rate_bp(charged_fen: i64, collected_fen: i64) -> Option<i64> {
    (charged_fen > 0).then(|| collected_fen.clamp(0, charged_fen) * 10_000 / charged_fen)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owed_money_lands_in_the_bucket_of_its_age() {
        let mut a = Ageing::default();
        for (days, fen) in [
            (0, 1),
            (30, 2),
            (31, 4),
            (60, 8),
            (61, 16),
            (90, 32),
            (91, 64),
            (180, 128),
            (181, 256),
            (900, 512),
        ] {
            a.add(days, fen);
        }
        assert_eq!(
            a,
            Ageing {
                d0_30: 3,
                d31_60: 12,
                d61_90: 48,
                d91_180: 192,
                d180_plus: 768
            }
        );
        assert_eq!(a.total(), 1023);
    }

    #[test]
    fn the_collection_rate_is_exact_and_bounded() {
        assert_eq!(collection_rate_bp(0, 0), None);
        assert_eq!(collection_rate_bp(30_000, 10_000), Some(3_333));
        assert_eq!(collection_rate_bp(30_000, 30_000), Some(10_000));
        assert_eq!(collection_rate_bp(30_000, 40_000), Some(10_000));
    }
}
