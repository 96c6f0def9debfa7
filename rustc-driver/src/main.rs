mod mem_map;
fn main(){}
