//! The allocators under test, one per cargo feature; shared by the perf and size modules.

#[cfg(feature = "ours")]
#[global_allocator]
static A: wasm::arena::Global = wasm::arena::Global;

#[cfg(feature = "talc")]
#[global_allocator]
static A: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[cfg(feature = "lol_alloc")]
#[global_allocator]
static A: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    // SAFETY: the benchmark modules are wasm32 without threads: one thread uses the allocator.
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
