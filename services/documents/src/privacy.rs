//! ID numbers at rest: sealed with ChaCha20-Poly1305 under the service's key, bound to the
//! resident they belong to (so a sealed number copied onto another row does not open).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use uuid::Uuid;

#[derive(Clone)]
pub struct IdSealer {
    cipher: ChaCha20Poly1305,
}

impl IdSealer {
    /// From a base64url 32-byte key (`DOCUMENTS__PRIVACY__ID_KEY`).
    pub fn from_base64(key: &str) -> anyhow::Result<Self> {
        let bytes = B64
            .decode(key.trim())
            .map_err(|_| anyhow::anyhow!("the ID-number key is not base64url"))?;
        anyhow::ensure!(bytes.len() == 32, "the ID-number key must be 32 bytes");
        Ok(Self {
            cipher: ChaCha20Poly1305::new(Key::from_slice(&bytes)),
        })
    }

    /// Nonce ‖ ciphertext.
    pub fn seal(&self, resident_id: Uuid, id_number: &str) -> anyhow::Result<Vec<u8>> {
        let nonce = ChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = self
            .cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: id_number.as_bytes(),
                    aad: resident_id.as_bytes(),
                },
            )
            .map_err(|_| anyhow::anyhow!("sealing failed"))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    pub fn open(&self, resident_id: Uuid, sealed: &[u8]) -> anyhow::Result<String> {
        anyhow::ensure!(sealed.len() > 12, "sealed value too short");
        let (nonce, body) = sealed.split_at(12);
        let plain = self
            .cipher
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: body,
                    aad: resident_id.as_bytes(),
                },
            )
            .map_err(|_| anyhow::anyhow!("the sealed ID number does not open with this key"))?;
        Ok(String::from_utf8(plain)?)
    }
}

/// The last four characters, kept in clear for the masked display.
pub fn last4(id_number: &str) -> String {
    let chars: Vec<char> = id_number.chars().collect();
    chars[chars.len().saturating_sub(4)..].iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_numbers_open_only_for_their_resident_and_key() {
        let key = B64.encode([7u8; 32]);
        let s = IdSealer::from_base64(&key).unwrap_or_else(|e| panic!("{e}"));
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let sealed = s.seal(a, "11010519491231002X").unwrap_or_default();
        assert!(!String::from_utf8_lossy(&sealed).contains("1101051949"));
        assert_eq!(
            s.open(a, &sealed).ok().as_deref(),
            Some("11010519491231002X")
        );
        assert!(s.open(b, &sealed).is_err(), "bound to its resident");
        let other = IdSealer::from_base64(&B64.encode([8u8; 32])).unwrap_or_else(|e| panic!("{e}"));
        assert!(other.open(a, &sealed).is_err());
        assert_eq!(last4("11010519491231002X"), "002X");
        assert!(IdSealer::from_base64("short").is_err());
    }
}
