//! Staff and resident tokens. The gateway signs them (Ed25519) at login; every service verifies
//! them itself with the gateway's public key and enforces group, estate scope and role. The
//! gateway's routing is not the security boundary.
//!
//! A resident's token (业主/住户/租户 signed in to the portal) holds the one role
//! [`Role::Resident`], the estates of its units as scope, and the units themselves. The
//! [`Staff`] extractor refuses it, so no staff endpoint is ever reached with it; resident
//! endpoints take the [`Resident`] extractor, which accepts nothing else.
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
    /// 业主/住户/租户 signed in to the resident portal: sees and reports only for their own
    /// units. Never held together with a staff role.
    Resident,
}

impl Role {
    /// Every staff role. [`Role::Resident`] is not among them: a staff account can never be
    /// given it, and [`Role::parse`] does not read it.
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
            Role::Resident => "resident",
        }
    }

    /// A staff role by name; `None` for anything else, `"resident"` included.
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

/// A unit a resident lives in or owns: the estate and the unit's label there (e.g. `3-2-1201`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitRef {
    pub estate_id: Uuid,
    pub unit_label: String,
}

/// The signed content of a staff or resident token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The staff account, or the resident account.
    pub sub: Uuid,
    /// The property group; nothing outside it is ever reachable with this token.
    pub grp: Uuid,
    pub roles: Vec<Role>,
    pub scope: EstateScope,
    /// Issued at and expiry, seconds since the Unix epoch.
    pub iat: i64,
    pub exp: i64,
    /// A resident's units; empty (and absent on the wire) for staff.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<UnitRef>,
}

impl Claims {
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn has_any_role(&self, roles: &[Role]) -> bool {
        roles.iter().any(|r| self.has_role(*r))
    }

    /// A resident's token (it may then reach resident endpoints only).
    pub fn is_resident(&self) -> bool {
        self.has_role(Role::Resident)
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
/// Any missing, malformed, forged or expired token is a 401; a resident's token is a 403
/// (`resident_not_staff`), whatever the endpoint.
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
    let claims = verified_claims(req)?;
    Caller(claims.clone()).require_staff()?;
    Ok(Staff(claims))
}

/// The authenticated resident (业主/住户/租户), extracted from `Authorization: Bearer …`.
/// Any missing, malformed, forged or expired token is a 401; a staff token is a 403
/// (`staff_not_resident`): staff work on the desk's endpoints, never as a resident.
#[derive(Debug, Clone)]
pub struct Resident(pub Claims);

impl std::ops::Deref for Resident {
    type Target = Claims;
    fn deref(&self) -> &Claims {
        &self.0
    }
}

impl Resident {
    /// Whether `unit_label` of `estate_id` is one of the resident's units.
    pub fn owns(&self, estate_id: Uuid, unit_label: &str) -> bool {
        self.reaches_estate(estate_id)
            && self
                .units
                .iter()
                .any(|u| u.estate_id == estate_id && u.unit_label == unit_label)
    }

    /// The units of the resident in one estate.
    pub fn unit_labels_in(&self, estate_id: Uuid) -> Vec<String> {
        if !self.reaches_estate(estate_id) {
            return Vec::new();
        }
        self.units
            .iter()
            .filter(|u| u.estate_id == estate_id)
            .map(|u| u.unit_label.clone())
            .collect()
    }

    /// 404 unless the unit is the resident's: the same answer as for a unit or item that does
    /// not exist, so a resident never learns what belongs to someone else.
    pub fn require_unit(&self, estate_id: Uuid, unit_label: &str) -> Result<(), Problem> {
        if self.owns(estate_id, unit_label) {
            Ok(())
        } else {
            Err(Problem::not_found("item"))
        }
    }
}

impl FromRequest for Resident {
    type Error = Problem;
    type Future = Ready<Result<Self, Problem>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(extract_resident(req))
    }
}

fn extract_resident(req: &HttpRequest) -> Result<Resident, Problem> {
    let claims = verified_claims(req)?;
    if !claims.is_resident() || claims.roles.len() != 1 {
        return Err(Problem::new(
            actix_web::http::StatusCode::FORBIDDEN,
            "staff_not_resident",
            "This is the residents' portal; sign in as a resident.",
        ));
    }
    Ok(Resident(claims))
}

/// Anyone with a valid token, staff or resident: for the gateway's routing, which refuses
/// requests without one early. Services never take it; they take [`Staff`] or [`Resident`].
#[derive(Debug, Clone)]
pub struct Caller(pub Claims);

impl std::ops::Deref for Caller {
    type Target = Claims;
    fn deref(&self) -> &Claims {
        &self.0
    }
}

impl FromRequest for Caller {
    type Error = Problem;
    type Future = Ready<Result<Self, Problem>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(verified_claims(req).map(Caller))
    }
}

impl Caller {
    /// 403 `resident_not_staff` for a resident's token, as [`Staff`] would answer.
    pub fn require_staff(&self) -> Result<(), Problem> {
        if self.is_resident() || !self.units.is_empty() {
            Err(resident_not_staff())
        } else {
            Ok(())
        }
    }
}

fn resident_not_staff() -> Problem {
    Problem::new(
        actix_web::http::StatusCode::FORBIDDEN,
        "resident_not_staff",
        "This is for staff of the estate; a resident's sign-in does not reach it.",
    )
}

fn verified_claims(req: &HttpRequest) -> Result<Claims, Problem> {
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
            units: vec![],
        }
    }

    fn resident_claims() -> Claims {
        Claims {
            sub: Uuid::from_u128(10),
            grp: Uuid::from_u128(2),
            roles: vec![Role::Resident],
            scope: EstateScope::Estates(vec![Uuid::from_u128(3)]),
            iat: 0,
            exp: i64::MAX,
            units: vec![UnitRef {
                estate_id: Uuid::from_u128(3),
                unit_label: "1-1-101".into(),
            }],
        }
    }

    fn request_with(token: Option<&str>, verifier: &TokenVerifier) -> HttpRequest {
        let mut req =
            actix_web::test::TestRequest::default().app_data(web::Data::new(verifier.clone()));
        if let Some(t) = token {
            req = req.insert_header(("Authorization", format!("Bearer {t}")));
        }
        req.to_http_request()
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

    #[test]
    fn staff_tokens_carry_no_units_on_the_wire() {
        let json = serde_json::to_value(claims(100)).unwrap_or_default();
        assert!(json.get("units").is_none());
        let back: Claims = serde_json::from_value(json).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, claims(100));
        let r = serde_json::to_value(resident_claims()).unwrap_or_default();
        assert_eq!(r["roles"], serde_json::json!(["resident"]));
        assert_eq!(r["units"][0]["unit_label"], "1-1-101");
    }

    #[test]
    fn resident_is_not_a_staff_role() {
        assert_eq!(Role::parse("resident"), None);
        assert!(!Role::ALL.contains(&Role::Resident));
        assert_eq!(Role::Resident.as_str(), "resident");
    }

    #[test]
    fn the_staff_extractor_refuses_a_resident_token() {
        let (signer, verifier) = pair();
        let token = signer.sign(&resident_claims());
        let req = request_with(Some(&token), &verifier);
        assert_eq!(
            extract(&req).map(|_| ()).map_err(|p| p.code),
            Err("resident_not_staff")
        );
        assert_eq!(extract(&req).map_err(|p| p.status).err(), Some(403));

        // Even a token mixing a staff role with the resident role reaches no staff endpoint.
        let mut mixed = resident_claims();
        mixed.roles.push(Role::Admin);
        let req = request_with(Some(&signer.sign(&mixed)), &verifier);
        assert!(extract(&req).is_err());
        assert!(extract_resident(&req).is_err());

        let staff = signer.sign(&claims(i64::MAX));
        let req = request_with(Some(&staff), &verifier);
        assert!(extract(&req).is_ok());
    }

    #[test]
    fn the_resident_extractor_accepts_only_resident_tokens() {
        let (signer, verifier) = pair();
        let staff = signer.sign(&claims(i64::MAX));
        let req = request_with(Some(&staff), &verifier);
        assert_eq!(
            extract_resident(&req).map(|_| ()).map_err(|p| p.code),
            Err("staff_not_resident")
        );
        let req = request_with(None, &verifier);
        assert_eq!(
            extract_resident(&req).map(|_| ()).map_err(|p| p.code),
            Err("unauthenticated")
        );
        let token = signer.sign(&resident_claims());
        let req = request_with(Some(&token), &verifier);
        let resident = extract_resident(&req).unwrap_or_else(|p| panic!("{p}"));
        assert_eq!(resident.sub, Uuid::from_u128(10));
    }

    #[test]
    fn a_caller_is_anyone_with_a_valid_token() {
        let (signer, verifier) = pair();
        let req = request_with(Some(&signer.sign(&resident_claims())), &verifier);
        let caller = verified_claims(&req)
            .map(Caller)
            .unwrap_or_else(|p| panic!("{p}"));
        assert_eq!(
            caller.require_staff().map_err(|p| p.code),
            Err("resident_not_staff")
        );
        let req = request_with(Some(&signer.sign(&claims(i64::MAX))), &verifier);
        let caller = verified_claims(&req)
            .map(Caller)
            .unwrap_or_else(|p| panic!("{p}"));
        assert!(caller.require_staff().is_ok());
        let req = request_with(Some("forged.token.here"), &verifier);
        assert!(verified_claims(&req).is_err());
    }

    #[test]
    fn a_resident_owns_only_their_units() {
        let r = Resident(resident_claims());
        let estate = Uuid::from_u128(3);
        assert!(r.owns(estate, "1-1-101"));
        assert!(r.require_unit(estate, "1-1-101").is_ok());
        assert!(!r.owns(estate, "1-1-102"));
        assert!(!r.owns(Uuid::from_u128(4), "1-1-101"));
        let refused = r.require_unit(estate, "1-1-102").err();
        assert_eq!(
            refused.as_ref().map(|p| (p.status, p.code)),
            Some((404, "not_found"))
        );
        assert_eq!(r.unit_labels_in(estate), vec!["1-1-101".to_string()]);
        assert!(r.unit_labels_in(Uuid::from_u128(4)).is_empty());

        // A unit outside the token's scope is never owned, whatever the list says.
        let mut odd = resident_claims();
        odd.scope = EstateScope::Estates(vec![]);
        assert!(!Resident(odd).owns(estate, "1-1-101"));
    }
}
