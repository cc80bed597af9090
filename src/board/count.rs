//! Area counting on the fast board: the branch-free first pass and the flood of open
//! regions.

use super::{Board, Cell, ix, nbr, neighbors};
use crate::color::Color;
use crate::point::{NUM_CELLS, STRIDE};

impl Board {
    /// The area count of the board as it stands: each point's owner goes to `owner` (a
    /// stone's colour, or the colour of the only stones its empty region touches), and the
    /// result is the area of Black, White and neutral points.
    ///
    /// One branch-free pass settles the stones and every empty point whose neighbours are
    /// all stones or edge (at the end of a playout stopped by passes, every empty point);
    /// only regions of two or more empty points are then flooded.
    pub(crate) fn count_area(&self, owner: &mut [Option<Color>; NUM_CELLS]) -> [u32; 3] {
        let (mut black, mut white, mut open) = (0, 0, false);
        let n = self.size.get();
        for y in 0..n {
            let row = (y + 1) * STRIDE + 1;
            let cells = &self.cells[row..row + n];
            let counts = &self.nbrs[row..row + n];
            let owners = &mut owner[row..row + n];
            for ((&cell, &counts), owner) in cells.iter().zip(counts).zip(owners) {
                let empty = cell == Cell::Empty;
                // An empty point with an empty neighbour has neither colour all around.
                let b =
                    (cell == Cell::Black) | (empty & (nbr::own_or_edge(counts, Color::Black) == 4));
                let w =
                    (cell == Cell::White) | (empty & (nbr::own_or_edge(counts, Color::White) == 4));
                open |= empty & (nbr::empty(counts) > 0);
                black += u32::from(b);
                white += u32::from(w);
                *owner = if b {
                    Some(Color::Black)
                } else if w {
                    Some(Color::White)
                } else {
                    None
                };
            }
        }
        let mut area = [black, white, (n * n) as u32 - black - white];
        if open {
            self.flood_open_regions(owner, &mut area);
        }
        area
    }

    /// The second half of [`Board::count_area`]: floods each region of two or more empty
    /// points, which the first pass counted as neutral, and gives it to the colour of the
    /// only stones it touches, if any.
    #[cold]
    fn flood_open_regions(&self, owner: &mut [Option<Color>; NUM_CELLS], area: &mut [u32; 3]) {
        let mut visited = [0u64; NUM_CELLS.div_ceil(64)];
        let mut region = [0u16; NUM_CELLS];
        let n = self.size.get();
        let points = (0..n).flat_map(|y| {
            let row = (y + 1) * STRIDE + 1;
            row..row + n
        });
        for pi in points {
            let pi = ix(pi);
            let open = self.cells[pi] == Cell::Empty && nbr::empty(self.nbrs[pi]) > 0;
            if !open || visited[pi / 64] & (1 << (pi % 64)) != 0 {
                continue;
            }
            visited[pi / 64] |= 1 << (pi % 64);
            region[0] = pi as u16;
            let (mut len, mut i) = (1, 0);
            let mut touches = 0u8;
            while i < len {
                for q in neighbors(region[i] as usize) {
                    let q = ix(q);
                    match self.cells[q] {
                        Cell::Empty if visited[q / 64] & (1 << (q % 64)) == 0 => {
                            visited[q / 64] |= 1 << (q % 64);
                            region[len] = q as u16;
                            len += 1;
                        }
                        cell => touches |= 1 << (cell as u8),
                    }
                }
                i += 1;
            }
            let black = touches & (1 << Cell::Black as u8) != 0;
            let white = touches & (1 << Cell::White as u8) != 0;
            if black != white {
                let color = if black { Color::Black } else { Color::White };
                area[2] -= len as u32;
                area[color.index()] += len as u32;
                for &q in &region[..len] {
                    owner[q as usize] = Some(color);
                }
            }
        }
    }
}
