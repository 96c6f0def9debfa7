// The guest code both crates compile (`include!`d after their bindings).
struct Guest;

impl Bindings::Guest for Guest {
    fn make(name: String) -> Bindings::Person {
        let age = name.len() as u32;
        Bindings::Person { tags: vec![name.to_uppercase()], name, age }
    }
}
