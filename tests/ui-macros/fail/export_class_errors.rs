pub struct Counter(u32);

#[wasm::export]
impl Clone for Counter {
    fn clone(&self) -> Self {
        Counter(self.0)
    }
}

pub struct Wrapper<T>(T);

#[wasm::export]
impl<T> Wrapper<T> {
    pub fn get(&self) {}
}

pub struct Roles(u32);

#[wasm::export]
impl Roles {
    #[wasm(getter)]
    pub fn with_param(&self, x: u32) -> u32 {
        x
    }
    #[wasm(setter)]
    pub fn set_nothing(&mut self) -> u32 {
        0
    }
    #[wasm(constructor)]
    pub fn make(&self) -> Roles {
        Roles(self.0)
    }
    #[wasm(gettr)]
    pub fn misspelled(&self) {}
    #[wasm(getter)]
    fn private(&self) -> u32 {
        0
    }
}

pub struct Bad(u32);

#[wasm::export]
impl Bad {
    pub fn wide(&self, _x: u128) {}
    pub fn borrowed_out(&self) -> &Bad {
        self
    }
    pub async fn later(&self) {}
    pub fn free(&self) {}
}

fn main() {}
