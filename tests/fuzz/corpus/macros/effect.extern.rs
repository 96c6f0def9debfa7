// attr: io
unsafe extern "C" { pub fn read(fd: i32) -> i32; }
