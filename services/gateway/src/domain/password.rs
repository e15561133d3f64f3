//! Password hashing with Argon2id (PHC strings, salted per account).

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

pub const MIN_LEN: usize = 8;

pub fn hash(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))
}

/// True when `password` matches the stored hash; false for a wrong password or a bad hash.
pub fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A real hash of a password nobody has, checked when the username is unknown, so that a
/// wrong username costs as much time as a wrong password.
pub fn decoy() -> &'static str {
    static DECOY: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| hash("decoy-password-never-valid").unwrap_or_default());
    &DECOY
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_right_password_verifies_and_others_do_not() {
        let h = super::hash("correct horse").unwrap_or_default();
        assert!(h.starts_with("$argon2id$"));
        assert!(super::verify("correct horse", &h));
        assert!(!super::verify("correct horsf", &h));
        assert!(!super::verify("correct horse", "not a hash"));
        assert_ne!(
            super::hash("correct horse").unwrap_or_default(),
            h,
            "salted"
        );
    }
}
