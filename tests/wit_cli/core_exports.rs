//! The export names of every core module in a component (the guest's own and wit-component's
//! shims): what a component build must keep out of them. Shared by wit_cli.rs and
//! component_cli.rs.

pub fn core_exports(component: &[u8]) -> Vec<String> {
    wasmparser::Parser::new(0)
        .parse_all(component)
        .filter_map(|p| match p {
            Ok(wasmparser::Payload::ExportSection(s)) => Some(s.into_iter().map(|e| e.unwrap().name.to_string()).collect::<Vec<_>>()),
            _ => None,
        })
        .flatten()
        .collect()
}
