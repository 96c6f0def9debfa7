//! Every form of `#[wasm::export] impl` compiles (host and wasm); the methods stay callable from Rust.

pub struct Counter {
    count: u32,
}

#[wasm::export]
impl Counter {
    pub fn new(start: u32) -> Self {
        Counter { count: start }
    }
    pub fn zero() -> Counter {
        Counter { count: 0 }
    }
    pub fn get(&self) -> u32 {
        self.count
    }
    pub fn add(&mut self, n: u32) -> Result<u32, String> {
        self.count = self.count.checked_add(n).ok_or("overflow")?;
        Ok(self.count)
    }
    pub fn merge(&mut self, other: &Counter, gone: Counter) {
        self.count += other.count + gone.count;
    }
    pub fn into_total(self) -> u32 {
        self.count
    }
    pub fn split(&self) -> Option<Self> {
        Some(Counter { count: self.count })
    }
    #[wasm(getter)]
    pub fn count(&self) -> u32 {
        self.count
    }
    #[wasm(setter)]
    pub fn set_count(&mut self, count: u32) {
        self.count = count;
    }
    #[wasm(getter = "label")]
    pub fn describe(&self) -> String {
        format!("{}", self.count)
    }
    #[wasm(skip)]
    pub fn rust_only(&self) -> &u32 {
        &self.count
    }
    fn private(&self) -> u32 {
        self.count
    }
    pub const START: u32 = 0;
}

#[wasm::linear]
pub struct Session(u32);

#[wasm::export(crate = ::wasm)]
impl Session {
    #[wasm(constructor)]
    pub fn open(id: u32) -> Session {
        Session(id)
    }
    pub fn close(self) -> u32 {
        let Session(id) = self;
        id
    }
}

/// Fallible constructors: the implicit `new` and a marked one may return `Result<Self, E>`.
pub struct Gauge(u32);

#[wasm::export]
impl Gauge {
    pub fn new(level: u32) -> Result<Self, String> {
        if level <= 10 { Ok(Gauge(level)) } else { Err("over 10".into()) }
    }
}

pub struct Ranged(u32);

#[wasm::export]
impl Ranged {
    #[wasm(constructor)]
    pub fn checked(n: u32) -> Result<Ranged, wasm::ExternRef> {
        Ok(Ranged(n))
    }
}

#[wasm::export]
fn make(start: u32) -> Option<Counter> {
    Some(Counter::new(start))
}

#[wasm::export]
fn read(c: &Counter, d: &mut Counter) -> u32 {
    d.count += 1;
    c.count
}

fn main() {
    let mut c = Counter::new(1);
    c.add(2).unwrap();
    c.merge(&Counter::zero(), Counter::new(3));
    assert_eq!(*c.rust_only() + c.private(), 12);
    assert_eq!(c.split().map(Counter::into_total), Some(6));
    c.set_count(Counter::START);
    assert_eq!(c.describe(), "0");
    assert_eq!(read(&make(4).unwrap(), &mut c), 4);
    assert_eq!(Session::open(2).close(), 2);
    assert_eq!(Gauge::new(3).map(|g| g.0), Ok(3));
    assert!(Gauge::new(11).is_err());
    assert_eq!(Ranged::checked(4).map(|r| r.0).ok(), Some(4));
}

// Given JS names: a method and a static may share one (the prototype and the class are apart),
// and so may a getter and a setter (one property); `name` also names a property.
pub struct Renamed(u32);

#[wasm::export]
impl Renamed {
    #[wasm(name = "addFrom")]
    pub fn add_from(&mut self, other: &Renamed) {
        self.0 += other.0;
    }

    #[wasm(name = "zero")]
    pub fn make_zero() -> Renamed {
        Renamed(0)
    }

    #[wasm(name = "zero")]
    pub fn is_zero(&self) -> bool {
        self.0 == 0
    }

    #[wasm(getter, name = "count")]
    pub fn read(&self) -> u32 {
        self.0
    }

    #[wasm(setter = "count")]
    pub fn write(&mut self, v: u32) {
        self.0 = v;
    }
}
