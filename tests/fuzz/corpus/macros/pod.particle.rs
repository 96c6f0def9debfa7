// attr:
#[repr(C)] #[derive(Clone, Copy)] struct Particle { pos: [f32; 3], mass: f32 }
