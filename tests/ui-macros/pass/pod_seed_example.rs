// The seed example compiles as written, with a user error type that has `From<ScopeError>`
// and with the crate's own `ScopeError`; and it runs.
use wasm::SharedSlice;

fn process(chunk: &[f32]) {
    assert!(chunk.len() <= 1000);
}

mod user_error {
    use super::*;
    use wasm::thread::scope;

    #[derive(Debug)]
    pub enum Error {
        Tasks(#[allow(dead_code)] wasm::thread::ScopeError),
    }

    impl From<wasm::thread::ScopeError> for Error {
        fn from(e: wasm::thread::ScopeError) -> Self {
            Error::Tasks(e)
        }
    }

    pub fn parallel_transform(data: SharedSlice<f32>) -> Result<(), Error> {
        scope(|s| {
            for chunk in data.chunks(1000) {
                s.spawn(|| process(chunk));   // lifetime tied to the scope
            }
        })?;                                  // every task joined here
        Ok(())
    }
}

mod crate_error {
    use super::*;
    use wasm::thread::scope;
    use wasm::thread::ScopeError as Error;

    pub fn parallel_transform(data: SharedSlice<f32>) -> Result<(), Error> {
        scope(|s| {
            for chunk in data.chunks(1000) {
                s.spawn(|| process(chunk));   // lifetime tied to the scope
            }
        })?;                                  // every task joined here
        Ok(())
    }
}

fn main() {
    let mut v = vec![1.0f32; 4321];
    user_error::parallel_transform(SharedSlice::new(&mut v)).unwrap();
    crate_error::parallel_transform(SharedSlice::from(&mut v[..])).unwrap();
}
