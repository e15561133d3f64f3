//! The web application's files: assets by path, and `index.html` for every other address that
//! is not the API (the application routes in the browser). Files are read from the configured
//! folder; nothing outside it is ever served.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use std::path::{Component, Path, PathBuf};

#[derive(Clone)]
pub struct WebRoot(pub PathBuf);

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

/// The file under `root` for a request path, refusing anything that climbs out of it.
pub fn resolve(root: &Path, request_path: &str) -> Option<PathBuf> {
    let rel = Path::new(request_path.trim_start_matches('/'));
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let full = root.join(rel);
    full.is_file().then_some(full)
}

pub async fn serve(req: HttpRequest, root: web::Data<WebRoot>) -> HttpResponse {
    let path = req.path();
    if path.starts_with("/api/") {
        return desk_platform::problem::no_route(req).await;
    }
    let (file, cache) = match resolve(&root.0, path) {
        Some(f) => {
            // Built assets carry a hash in their names and never change.
            let immutable = path.starts_with("/assets/");
            (
                f,
                if immutable {
                    "public, max-age=31536000, immutable"
                } else {
                    "no-cache"
                },
            )
        }
        None => (root.0.join("index.html"), "no-cache"),
    };
    match tokio::fs::read(&file).await {
        Ok(bytes) => HttpResponse::Ok()
            .content_type(content_type(&file))
            .insert_header((header::CACHE_CONTROL, cache))
            .insert_header(("x-content-type-options", "nosniff"))
            .body(bytes),
        Err(_) => desk_platform::problem::no_route(req).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_never_leave_the_web_folder() {
        let root = std::env::temp_dir().join(format!("desk-web-{}", std::process::id()));
        std::fs::create_dir_all(root.join("assets")).unwrap_or_default();
        std::fs::write(root.join("assets/app.js"), "x").unwrap_or_default();
        assert!(resolve(&root, "/assets/app.js").is_some());
        assert!(resolve(&root, "/assets/../../etc/passwd").is_none());
        assert!(resolve(&root, "/%2e%2e/etc/passwd").is_none());
        assert!(resolve(&root, "/missing.js").is_none());
        let _ = std::fs::remove_dir_all(root);
    }
}
