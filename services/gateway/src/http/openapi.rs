//! One OpenAPI document for the whole platform: the gateway's own paths merged with each
//! service's, fetched when asked so that it always matches what is running.

use crate::error::Error;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use serde_json::{Map, Value};

const OWN: &str = include_str!("../../openapi.json");

#[get("/api/v1/openapi.json")]
pub async fn merged(state: web::Data<AppState>) -> Result<HttpResponse, Error> {
    let mut doc: Value = serde_json::from_str(OWN).map_err(|e| Error::Internal(e.to_string()))?;
    let fetches = state.upstreams.all().map(|(name, list)| {
        let client = state.client.clone();
        async move {
            // The first replica that answers.
            for base in crate::settings::Upstreams::urls(list) {
                let url = format!("{}/api/v1/{name}/openapi.json", base.trim_end_matches('/'));
                let Ok(res) = client.get(url).send().await else {
                    continue;
                };
                if let Ok(got) = res.json::<Value>().await {
                    return Some((name, got));
                }
            }
            None
        }
    });
    let mut missing = Vec::new();
    for (i, part) in futures_util::future::join_all(fetches)
        .await
        .into_iter()
        .enumerate()
    {
        match part {
            Some((_, part)) => merge(&mut doc, &part),
            None => missing.push(Value::String(state.upstreams.all()[i].0.to_string())),
        }
    }
    if !missing.is_empty() {
        doc["x-unavailable-services"] = Value::Array(missing);
    }
    Ok(HttpResponse::Ok().json(doc))
}

/// Add `part`'s paths and component schemas to `doc`; the first definition of a name wins.
pub fn merge(doc: &mut Value, part: &Value) {
    for (section, key) in [
        ("paths", None),
        ("components", Some("schemas")),
        ("components", Some("parameters")),
        ("components", Some("responses")),
    ] {
        let src = match key {
            None => part.get(section),
            Some(k) => part.get(section).and_then(|c| c.get(k)),
        };
        let Some(Value::Object(src)) = src else {
            continue;
        };
        let dst = match key {
            None => entry(doc, section),
            Some(k) => {
                let comp = entry(doc, section);
                entry(comp, k)
            }
        };
        if let Value::Object(dst) = dst {
            for (k, v) in src {
                dst.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
    }
}

fn entry<'a>(v: &'a mut Value, key: &str) -> &'a mut Value {
    if !v.is_object() {
        *v = Value::Object(Map::new());
    }
    match v {
        Value::Object(m) => m
            .entry(key.to_string())
            .or_insert_with(|| Value::Object(Map::new())),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn paths_and_schemas_of_every_part_are_merged() {
        let mut doc =
            json!({"openapi": "3.1.0", "paths": {"/a": {}}, "components": {"schemas": {"P": {}}}});
        super::merge(
            &mut doc,
            &json!({"paths": {"/b": {"get": {}}}, "components": {"schemas": {"Q": {"type": "object"}}}}),
        );
        super::merge(&mut doc, &json!({"paths": {"/a": {"post": {}}}}));
        assert!(doc["paths"]["/b"]["get"].is_object());
        assert_eq!(doc["paths"]["/a"], json!({}), "first definition wins");
        assert_eq!(doc["components"]["schemas"]["Q"]["type"], "object");
    }
}
