// attr: module = "console", effect(js_call, io)
extern "C" { /// Logs.
pub fn log(msg: &str); #[link_name = "getContext"] fn ctx(c: &ExternRef<Canvas>, kind: &str) -> Option<ExternRef<Ctx>>; fn n(x: i64) -> f32; }
