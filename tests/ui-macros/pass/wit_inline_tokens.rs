// WIT written as tokens: kebab-case names, `///` docs, `@since` gates, `%` escapes, resources.
wasm::wit_inline! {
    package test:tokens@0.2.0;

    /// Files the host owns.
    interface file-system {
        @since(version = 0.2.0)
        resource open-file {
            read-all: func() -> list<u8>;
        }
        /// Opens a file.
        open: func(path: string) -> result<open-file, string>;
        close: func(f: open-file);
        %type: func(f: borrow<open-file>) -> u8;
    }

    world app {
        import file-system;
        export size-of: func(path: string) -> u64;
    }
}

use test::tokens::file_system::{self, OpenFile};

fn linear<T: wasm::Linear + wasm::Release>() {}

struct Component;

impl crate::Guest for Component {
    fn size_of(path: String) -> u64 {
        match file_system::open(&path) {
            Ok(file) => {
                let _kind = file_system::type_(&file);
                let len = file.read_all().len() as u64;
                file_system::close(file);
                len
            }
            Err(_) => 0,
        }
    }
}

export!(Component with_types_in crate);

fn main() {
    linear::<OpenFile>();
}
