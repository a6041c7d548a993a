//! Runtime messaging with the background (`runtime.sendMessage`), for the banner frame.

use js_sys::{Function, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, spawn_local};

/// `(globalThis.browser ?? globalThis.chrome).runtime`.
pub fn extension_runtime() -> Option<JsValue> {
    let global = js_sys::global();
    ["browser", "chrome"].iter().find_map(|name| {
        let api = Reflect::get(&global, &(*name).into()).ok()?;
        let runtime = Reflect::get(&api, &"runtime".into()).ok()?;
        let send = Reflect::get(&runtime, &"sendMessage".into()).ok()?;
        send.is_function().then_some(runtime)
    })
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
