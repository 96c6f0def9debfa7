// A linear enum owes its obligation whatever its variant; matching on it is not consuming it.
use wasm::Handle;

#[wasm::linear]
pub enum Connection {
    Tcp(Handle),
    Udp(Handle),
}

impl Connection {
    pub fn open(tcp: bool) -> Self {
        let h = Handle::from_raw(2).unwrap();
        if tcp { Connection::Tcp(h) } else { Connection::Udp(h) }
    }
    pub fn close(self) {}
    pub fn is_tcp(&self) -> bool {
        matches!(self, Connection::Tcp(_))
    }
}

fn matched_but_not_closed() -> bool {
    let conn = Connection::open(true);
    match conn {
        Connection::Tcp(_) => true,
        Connection::Udp(_) => false,
    }
} //~ wasm_lint::linear_not_consumed

fn closed_after_inspection() -> bool {
    let conn = Connection::open(false);
    let tcp = conn.is_tcp();
    conn.close();
    tcp
}

fn main() {
    let _ = matched_but_not_closed();
    let _ = closed_after_inspection();
}
