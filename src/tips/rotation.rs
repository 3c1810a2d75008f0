//! Each server's rotation of tips: a shuffled order per cycle, drawn from a seed, that needs
//! no writes to move on.

use crate::content::{Content, Tip};

/// The tip at place `pos` of a server's rotation. Every cycle through all tips has its own
/// order, drawn from the seed and the cycle's number, and never starts with the tip that
/// ended the cycle before: so no tip repeats until all were posted, and the order needs no
/// writes to move on.
pub fn tip_at(content: &Content, seed: i64, pos: i64) -> anyhow::Result<&Tip> {
    let n = content.tips.len();
    if n == 0 {
        anyhow::bail!("there are no tips");
    }
    let pos = u64::try_from(pos).unwrap_or(0);
    // `place` is below `n`, a usize.
    #[allow(clippy::cast_possible_truncation)]
    let (cycle, place) = (pos / n as u64, (pos % n as u64) as usize);
    let order = cycle_order(content, seed, cycle);
    let id = order[place];
    content
        .tips
        .iter()
        .find(|t| t.id == id)
        .ok_or_else(|| anyhow::anyhow!("tip {id} is missing"))
}

fn cycle_order(content: &Content, seed: i64, cycle: u64) -> Vec<&str> {
    let mut order = shuffled(
        content,
        seed.cast_unsigned() ^ cycle.wrapping_mul(0x9e37_79b9_7f4a_7c15),
    );
    if cycle > 0 && order.len() > 1 {
        let before = shuffled(
            content,
            seed.cast_unsigned() ^ (cycle - 1).wrapping_mul(0x9e37_79b9_7f4a_7c15),
        );
        if before.last() == order.first() {
            order.swap(0, 1);
        }
    }
    order
}

/// Every tip id in an order drawn from `seed` (Fisher-Yates with `SplitMix64`).
///
/// Hand-rolled on purpose: a server's place in its rotation is stored, and the order must
/// come out the same from the same seed in every pacer release, or an upgrade would repeat
/// tips. `rand` does not promise that its generators and shuffles stay the same across
/// versions; these few lines never change.
pub fn shuffled(content: &Content, seed: u64) -> Vec<&str> {
    let mut ids: Vec<&str> = content.tips.iter().map(|t| t.id.as_str()).collect();
    let mut state = seed;
    let mut next = move || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    for i in (1..ids.len()).rev() {
        // `j` is at most `i`, a usize.
        #[allow(clippy::cast_possible_truncation)]
        let j = (next() % (i as u64 + 1)) as usize;
        ids.swap(i, j);
    }
    ids
}
