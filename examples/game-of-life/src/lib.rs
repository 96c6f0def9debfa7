//! Conway's Game of Life as the Rust and WebAssembly book builds it
//! (<https://rustwasm.github.io/docs/book/game-of-life/implementing.html>), with `Universe`
//! exported as a JS class by `#[wasm::export] impl Universe`: no handle table, no free
//! functions per method, no hand-written JS class.
//!
//! JS (`www/index.mjs`, `host.mjs`):
//! ```js
//! const { exports } = await instantiate(fetch("game_of_life.wasm"));
//! const universe = new exports.Universe();
//! universe.tick();
//! const cells = new Uint8Array(exports.memory.buffer, universe.cells(), universe.width() * universe.height());
//! ```

use std::fmt;

/// One cell; `#[repr(u8)]` so JS reads the cells as bytes straight from linear memory.
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cell {
    Dead = 0,
    Alive = 1,
}

/// A universe of `width` x `height` cells whose edges wrap around (a torus).
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
                let r = (row + dr) % self.height;
                let c = (column + dc) % self.width;
                count += self.cells[self.index(r, c)] as u8;
            }
        }
        count
    }
}

#[wasm::export]
impl Universe {
    /// The book's starting universe: 64 x 64, cell `i` alive when `i` is a multiple of 2 or 7.
    pub fn new() -> Universe {
        let (width, height) = (64, 64);
        let cells = (0..width * height)
            .map(|i| if i % 2 == 0 || i % 7 == 0 { Cell::Alive } else { Cell::Dead })
            .collect();
        Universe { width, height, cells }
    }

    /// One generation: the rules of Life, computed into a new board.
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

    /// The board as text: `◼` alive, `◻` dead, one line per row.
    pub fn render(&self) -> String {
        self.to_string()
    }

    pub fn width(&self) -> u32 {
        self.width
    }

    pub fn height(&self) -> u32 {
        self.height
    }

    /// The address of the cells in linear memory (the book's `*const Cell`): JS views them as a
    /// `Uint8Array` of `width * height` bytes, valid until the next call into the module.
    pub fn cells(&self) -> usize {
        self.cells.as_ptr() as usize
    }

    /// Live cells (what the tests compare).
    #[wasm(getter)]
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blinker_oscillates() {
        let mut u = Universe { width: 5, height: 5, cells: vec![Cell::Dead; 25] };
        for c in [7, 12, 17] {
            u.cells[c] = Cell::Alive;
        }
        u.tick();
        let alive: Vec<usize> = (0..25).filter(|&i| u.cells[i] == Cell::Alive).collect();
        assert_eq!(alive, [11, 12, 13]);
        u.tick();
        let alive: Vec<usize> = (0..25).filter(|&i| u.cells[i] == Cell::Alive).collect();
        assert_eq!(alive, [7, 12, 17]);
    }
}
