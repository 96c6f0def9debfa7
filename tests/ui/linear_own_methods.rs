//@check-pass
// Inside the type's own `self`-taking methods, `self` is being consumed: its fields are taken
// apart, or its `Drop` bypassed with `mem::forget`. Nothing to report there.
use wasm::Handle;

fn host_release(_raw: u32) {}

#[wasm::linear]
pub struct File(Handle);

impl File {
    pub fn open() -> File {
        File(Handle::from_raw(3).unwrap())
    }
    /// Destructures `self`.
    pub fn close(self) {
        let File(handle) = self;
        host_release(handle.to_raw());
    }
    /// Uses a `Copy` field and lets `self` go.
    pub fn close_quietly(self) {
        host_release(self.0.to_raw());
    }
}

#[wasm::linear]
pub struct Socket(Handle);

impl Drop for Socket {
    fn drop(&mut self) {
        // A safety net in debug builds; the lint makes it unreachable on normal paths.
        host_release(self.0.to_raw());
    }
}

impl Socket {
    pub fn connect() -> Socket {
        Socket(Handle::from_raw(4).unwrap())
    }
    pub fn shutdown(self) {
        host_release(self.0.to_raw());
        std::mem::forget(self); // skip the `Drop` safety net
    }
}

/// A trait method implemented by the linear type consumes it too.
pub trait Closeable {
    fn close_now(self);
}

impl Closeable for File {
    fn close_now(self) {
        self.close_quietly()
    }
}

fn main() {
    File::open().close();
    File::open().close_quietly();
    File::open().close_now();
    Socket::connect().shutdown();
}
