// attr:
#[repr(transparent)] struct W<'a>(&'a u8);
