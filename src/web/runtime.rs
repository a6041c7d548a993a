//! Runtime messaging with the background (`runtime.sendMessage`), for the banner frame.

use js_sys::{Function, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, spawn_local};

/// `(globalThis.browser ?? globalThis.chrome)` followed along `path`, the first of the two
/// where the object reached has the function `method`.
fn extension_api(path: &[&str], method: &str) -> Option<JsValue> {
    let global = js_sys::global();
    ["browser", "chrome"].iter().find_map(|name| {
        let mut value = Reflect::get(&global, &(*name).into()).ok()?;
        for step in path {
            value = Reflect::get(&value, &(*step).into()).ok()?;
        }
        let function = Reflect::get(&value, &method.into()).ok()?;
        function.is_function().then_some(value)
    })
}

/// `(globalThis.browser ?? globalThis.chrome).runtime`.
pub fn extension_runtime() -> Option<JsValue> {
    extension_api(&["runtime"], "sendMessage")
}

/// `runtime.sendMessage(message)`, answered: `undefined` when nothing answers or it fails.
pub async fn ask(runtime: &JsValue, message: &JsValue) -> JsValue {
    match call_send(runtime, message) {
        Some(promise) => JsFuture::from(promise).await.unwrap_or(JsValue::UNDEFINED),
        None => JsValue::UNDEFINED,
    }
}

/// Sends and forgets; a rejection (no background listening) is awaited so it is not unhandled.
pub fn send(runtime: &JsValue, message: &JsValue) {
    if let Some(promise) = call_send(runtime, message) {
        spawn_local(async move {
            let _ = JsFuture::from(promise).await;
        });
    }
}

/// `runtime.sendMessage(message)` as a promise of this realm: Firefox answers with a promise of
/// the extension API's own realm, which fails an `instanceof Promise` check, so it is adopted.
fn call_send(runtime: &JsValue, message: &JsValue) -> Option<js_sys::Promise> {
    let send: Function = Reflect::get(runtime, &"sendMessage".into()).ok()?.dyn_into().ok()?;
    let answer = send.call1(runtime, message).ok()?;
    Some(js_sys::Promise::resolve(&answer))
}

/// `(globalThis.browser ?? globalThis.chrome).storage.local`, when this page may use it.
pub fn local_storage() -> Option<JsValue> {
    let global = js_sys::global();
    ["browser", "chrome"].iter().find_map(|name| {
        let api = Reflect::get(&global, &(*name).into()).ok()?;
        let storage = Reflect::get(&api, &"storage".into()).ok()?;
        let local = Reflect::get(&storage, &"local".into()).ok()?;
        Reflect::get(&local, &"get".into()).ok()?.is_function().then_some(local)
    })
}

/// `area.get(key)[key]`: `undefined` when it is not stored or the read fails.
pub async fn stored(area: &JsValue, key: &str) -> JsValue {
    let Some(get) = Reflect::get(area, &"get".into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
    else {
        return JsValue::UNDEFINED;
    };
    let Ok(answer) = get.call1(area, &key.into()) else {
        return JsValue::UNDEFINED;
    };
    match JsFuture::from(js_sys::Promise::resolve(&answer)).await {
        Ok(items) if items.is_object() => Reflect::get(&items, &key.into()).unwrap_or(JsValue::UNDEFINED),
        _ => JsValue::UNDEFINED,
    }
}

/// `area.set({ [key]: value })`, not awaited; a failure is swallowed.
pub fn store(area: &JsValue, key: &str, value: &JsValue) {
    let items = js_sys::Object::new();
    if Reflect::set(&items, &key.into(), value).is_err() {
        return;
    }
    let Some(set) = Reflect::get(area, &"set".into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
    else {
        return;
    };
    if let Ok(answer) = set.call1(area, &items) {
        let promise = js_sys::Promise::resolve(&answer);
        spawn_local(async move {
            let _ = JsFuture::from(promise).await;
        });
    }
}
