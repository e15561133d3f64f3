//! Staff tokens. The gateway signs them (Ed25519) at login; every service verifies them itself
//! with the gateway's public key and enforces group, estate scope and role. The gateway's
//! routing is not the security boundary.
//!
//! A token is a JWT with `alg: EdDSA`: `base64url(header).base64url(claims).base64url(sig)`.

use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use desk_platform::Problem;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use std::future::{Ready, ready};
use uuid::Uuid;

/// What a member of staff may do. A token carries one or more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 前台接待员: takes every call and visit, logs it, follows it to closure.
    Receptionist,
    /// 客服主管: watches the ledger, handles general complaints, approves follow-ups.
    Supervisor,
    /// 管理处主任: handles major complaints, sets reply dates, reads the statistics.
    EstateManager,
    /// 维修员: works the orders dispatched to them.
    Technician,
    /// 收银员: takes payments and closes the cash drawer.
    Cashier,
    /// 总部: reads across every estate of the group.
    Hq,
    /// Administers accounts and the registry of the group.
    Admin,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Receptionist,
        Role::Supervisor,
        Role::EstateManager,
        Role::Technician,
        Role::Cashier,
        Role::Hq,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Receptionist => "receptionist",
            Role::Supervisor => "supervisor",
            Role::EstateManager => "estate_manager",
            Role::Technician => "technician",
            Role::Cashier => "cashier",
            Role::Hq => "hq",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// Which estates of the group a token reaches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "ids", rename_all = "snake_case")]
pub enum EstateScope {
    /// Every estate of the group (HQ, group administrators).
    Group,
    /// These estates only.
    Estates(Vec<Uuid>),
}

/// The signed content of a staff token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The staff account.
    pub sub: Uuid,
    /// The property group; nothing outside it is ever reachable with this token.
    pub grp: Uuid,
    pub roles: Vec<Role>,
    pub scope: EstateScope,
    /// Issued at and expiry, seconds since the Unix epoch.
    pub iat: i64,
    pub exp: i64,
}

impl Claims {
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn has_any_role(&self, roles: &[Role]) -> bool {
        roles.iter().any(|r| self.has_role(*r))
    }

    pub fn reaches_estate(&self, estate: Uuid) -> bool {
        match &self.scope {
            EstateScope::Group => true,
            EstateScope::Estates(ids) => ids.contains(&estate),
        }
    }

    /// 403 unless the estate is in scope. The estate's group is checked by every query,
    /// which filters on `grp` first, so another group's estate is never found.
    pub fn require_estate(&self, estate: Uuid) -> Result<(), Problem> {
        if self.reaches_estate(estate) {
            Ok(())
        } else {
            Err(Problem::estate_out_of_scope())
        }
    }

    /// 403 unless the token holds one of `roles`.
    pub fn require_any_role(&self, roles: &[Role]) -> Result<(), Problem> {
        if self.has_any_role(roles) {
            Ok(())
        } else {
            let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
            Err(Problem::forbidden(format!(
                "This needs one of the roles: {}.",
                names.join(", ")
            )))
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TokenError {
    #[error("malformed token")]
    Malformed,
    #[error("bad signature")]
    BadSignature,
    #[error("token expired")]
    Expired,
    #[error("bad key")]
    BadKey,
}

const HEADER: &str = r#"{"alg":"EdDSA","typ":"JWT"}"#;

/// Signs tokens; held by the gateway only.
pub struct TokenSigner {
    key: SigningKey,
}

impl TokenSigner {
    /// From a base64url Ed25519 secret key (32 bytes).
    pub fn from_base64(secret: &str) -> Result<Self, TokenError> {
        let bytes: [u8; 32] = B64
            .decode(secret.trim())
            .map_err(|_| TokenError::BadKey)?
            .try_into()
            .map_err(|_| TokenError::BadKey)?;
        Ok(Self {
            key: SigningKey::from_bytes(&bytes),
        })
    }

    /// A fresh key pair as (secret, public), both base64url.
    pub fn generate() -> (String, String) {
        let key = SigningKey::generate(&mut rand::rngs::OsRng);
        (
            B64.encode(key.to_bytes()),
            B64.encode(key.verifying_key().to_bytes()),
        )
    }

    pub fn public_key(&self) -> String {
        B64.encode(self.key.verifying_key().to_bytes())
    }

    pub fn sign(&self, claims: &Claims) -> String {
        let body = serde_json::to_vec(claims).unwrap_or_default();
        let signing_input = format!("{}.{}", B64.encode(HEADER), B64.encode(body));
        let sig: Signature = self.key.sign(signing_input.as_bytes());
        format!("{signing_input}.{}", B64.encode(sig.to_bytes()))
    }
}

/// Verifies tokens; every service holds one, built from the gateway's public key.
///
/// A desk sends the same token with every request of its shift, so a token already verified is
/// remembered (its signature is not checked again; its expiry is, every time). The memory holds
/// at most 4,096 tokens and is emptied when full.
#[derive(Clone)]
pub struct TokenVerifier {
    key: VerifyingKey,
    seen: std::sync::Arc<std::sync::Mutex<std::collections::HashMap<String, Claims>>>,
}

const SEEN_MAX: usize = 4096;

impl TokenVerifier {
    pub fn from_base64(public: &str) -> Result<Self, TokenError> {
        let bytes: [u8; 32] = B64
            .decode(public.trim())
            .map_err(|_| TokenError::BadKey)?
            .try_into()
            .map_err(|_| TokenError::BadKey)?;
        Ok(Self {
            key: VerifyingKey::from_bytes(&bytes).map_err(|_| TokenError::BadKey)?,
            seen: Default::default(),
        })
    }

    /// Verify a token, remembering the good ones.
    pub fn verify(&self, token: &str, now_unix: i64) -> Result<Claims, TokenError> {
        let known = self.seen.lock().ok().and_then(|m| m.get(token).cloned());
        if let Some(claims) = known {
            return if claims.exp <= now_unix {
                Err(TokenError::Expired)
            } else {
                Ok(claims)
            };
        }
        let claims = self.verify_signature(token, now_unix)?;
        if let Ok(mut m) = self.seen.lock() {
            if m.len() >= SEEN_MAX {
                m.clear();
            }
            m.insert(token.to_string(), claims.clone());
        }
        Ok(claims)
    }

    fn verify_signature(&self, token: &str, now_unix: i64) -> Result<Claims, TokenError> {
        let mut parts = token.split('.');
        let (Some(header), Some(body), Some(sig), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(TokenError::Malformed);
        };
        if B64.decode(header).map_err(|_| TokenError::Malformed)? != HEADER.as_bytes() {
            return Err(TokenError::Malformed);
        }
        let sig_bytes: [u8; 64] = B64
            .decode(sig)
            .map_err(|_| TokenError::Malformed)?
            .try_into()
            .map_err(|_| TokenError::Malformed)?;
        let signing_input = &token[..header.len() + 1 + body.len()];
        self.key
            .verify(signing_input.as_bytes(), &Signature::from_bytes(&sig_bytes))
            .map_err(|_| TokenError::BadSignature)?;
        let claims: Claims =
            serde_json::from_slice(&B64.decode(body).map_err(|_| TokenError::Malformed)?)
                .map_err(|_| TokenError::Malformed)?;
        if claims.exp <= now_unix {
            return Err(TokenError::Expired);
        }
        Ok(claims)
    }
}

/// The authenticated member of staff, extracted from `Authorization: Bearer …`.
/// Any missing, malformed, forged or expired token is a 401.
#[derive(Debug, Clone)]
pub struct Staff(pub Claims);

impl std::ops::Deref for Staff {
    type Target = Claims;
    fn deref(&self) -> &Claims {
        &self.0
    }
}

impl FromRequest for Staff {
    type Error = Problem;
    type Future = Ready<Result<Self, Problem>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(extract(req))
    }
}

fn extract(req: &HttpRequest) -> Result<Staff, Problem> {
    let verifier = req
        .app_data::<web::Data<TokenVerifier>>()
        .ok_or_else(Problem::internal)?;
    let token = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(Problem::unauthenticated)?;
    let now = chrono::Utc::now().timestamp();
    verifier
        .verify(token, now)
        .map(Staff)
        .map_err(|_| Problem::unauthenticated())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(exp: i64) -> Claims {
        Claims {
            sub: Uuid::from_u128(1),
            grp: Uuid::from_u128(2),
            roles: vec![Role::Receptionist],
            scope: EstateScope::Estates(vec![Uuid::from_u128(3)]),
            iat: 0,
            exp,
        }
    }

    fn pair() -> (TokenSigner, TokenVerifier) {
        let (secret, public) = TokenSigner::generate();
        (
            TokenSigner::from_base64(&secret).unwrap_or_else(|e| panic!("{e}")),
            TokenVerifier::from_base64(&public).unwrap_or_else(|e| panic!("{e}")),
        )
    }

    #[test]
    fn a_signed_token_verifies_to_its_claims() {
        let (signer, verifier) = pair();
        let token = signer.sign(&claims(100));
        assert_eq!(verifier.verify(&token, 50), Ok(claims(100)));
    }

    #[test]
    fn expired_tampered_and_foreign_tokens_are_refused() {
        let (signer, verifier) = pair();
        let token = signer.sign(&claims(100));
        assert_eq!(verifier.verify(&token, 100), Err(TokenError::Expired));

        // Widen the scope to every estate of the group without re-signing.
        let mut forged = claims(100);
        forged.scope = EstateScope::Group;
        let parts: Vec<&str> = token.split('.').collect();
        let tampered = format!(
            "{}.{}.{}",
            parts[0],
            B64.encode(serde_json::to_vec(&forged).unwrap_or_default()),
            parts[2]
        );
        assert_eq!(
            verifier.verify(&tampered, 50),
            Err(TokenError::BadSignature)
        );

        // A remembered token still expires.
        assert_eq!(verifier.verify(&token, 50), Ok(claims(100)));
        assert_eq!(verifier.verify(&token, 100), Err(TokenError::Expired));

        let (other_signer, _) = pair();
        assert_eq!(
            verifier.verify(&other_signer.sign(&claims(100)), 50),
            Err(TokenError::BadSignature)
        );
        assert_eq!(verifier.verify("a.b", 50), Err(TokenError::Malformed));
    }

    #[test]
    fn scope_and_roles_are_enforced() {
        let c = claims(100);
        assert!(c.require_estate(Uuid::from_u128(3)).is_ok());
        assert_eq!(
            c.require_estate(Uuid::from_u128(4)).map_err(|p| p.code),
            Err("estate_out_of_scope")
        );
        assert!(c.require_any_role(&[Role::Cashier]).is_err());
        let mut hq = c.clone();
        hq.scope = EstateScope::Group;
        assert!(hq.reaches_estate(Uuid::from_u128(99)));
    }
}
