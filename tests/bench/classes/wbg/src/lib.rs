//! The anchor: examples/game-of-life's `Universe` as the Rust and WebAssembly book writes it,
//! with wasm-bindgen 0.2.130 (`#[wasm_bindgen]` on the struct and the impl block). Same
//! algorithm, same members.
use std::fmt;
use wasm_bindgen::prelude::*;

#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cell {
    Dead = 0,
    Alive = 1,
}

#[wasm_bindgen]
pub struct Universe {
    width: u32,
    height: u32,
    cells: Vec<Cell>,
}

impl Universe {
    fn index(&self, row: u32, column: u32) -> usize {
        (row * self.width + column) as usize
    }

    fn live_neighbors(&self, row: u32, column: u32) -> u8 {
        let mut count = 0;
        for dr in [self.height - 1, 0, 1] {
            for dc in [self.width - 1, 0, 1] {
                if dr == 0 && dc == 0 {
                    continue;
                }
                let (r, c) = ((row + dr) % self.height, (column + dc) % self.width);
                count += self.cells[self.index(r, c)] as u8;
            }
        }
        count
    }
}

#[wasm_bindgen]
impl Universe {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Universe {
        let (width, height) = (64, 64);
        let cells = (0..width * height).map(|i| if i % 2 == 0 || i % 7 == 0 { Cell::Alive } else { Cell::Dead }).collect();
        Universe { width, height, cells }
    }

    pub fn tick(&mut self) {
        let mut next = self.cells.clone();
        for row in 0..self.height {
            for col in 0..self.width {
                let i = self.index(row, col);
                next[i] = match (self.cells[i], self.live_neighbors(row, col)) {
                    (Cell::Alive, 2 | 3) | (Cell::Dead, 3) => Cell::Alive,
                    _ => Cell::Dead,
                };
            }
        }
        self.cells = next;
    }

    pub fn render(&self) -> String {
        self.to_string()
    }

    pub fn width(&self) -> u32 {
        self.width
    }

    pub fn height(&self) -> u32 {
        self.height
    }

    pub fn cells(&self) -> *const Cell {
        self.cells.as_ptr()
    }

    /// Live cells: the example's getter, so both modules export the same members.
    #[wasm_bindgen(getter)]
    pub fn population(&self) -> u32 {
        self.cells.iter().filter(|&&c| c == Cell::Alive).count() as u32
    }
}

impl Default for Universe {
    fn default() -> Self {
        Universe::new()
    }
}

impl fmt::Display for Universe {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        for line in self.cells.chunks(self.width as usize) {
            for &cell in line {
                f.write_str(if cell == Cell::Dead { "◻" } else { "◼" })?;
            }
            f.write_str("\n")?;
        }
        Ok(())
    }
}
