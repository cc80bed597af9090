//! The shared search tree: an arena of nodes with atomic statistics.
//!
//! Nodes live in chunks allocated on demand (so a large memory cap costs nothing until it is
//! used) and are addressed by [`NodeId`]. The children of a node are one contiguous block,
//! carved by an atomic bump of the arena's fill mark and fully initialised before the parent
//! publishes them.
//!
//! A chunk keeps what it knows of its nodes in four arrays, by who writes what and when
//! (see `Chunk`): the statistics every playout writes, 16 bytes a node, apart from the
//! priors and moves written once at creation and the links written once at expansion.
//! Selection reads the statistics and priors of every child of every node it passes, so
//! a sibling block takes about half the cache lines of one array of whole nodes, and the
//! lines other workers keep writing hold nothing but statistics.
//!
//! Memory ordering: statistics are `Relaxed` counters: real results and virtual losses by
//! `fetch_add`, AMAF results by a load and a store that may, rarely, lose one result to a
//! concurrent one ([`Node::update_amaf`]). Visits and wins of one kind share a word, so a
//! reader sees them from the same moment; real and AMAF numbers may come from slightly
//! different moments, which the search tolerates. A child block is written with `Relaxed`
//! stores by the one thread that won the node's expansion flag, then published by a
//! `Release` store of the parent's state and child count; readers `Acquire`-load that word
//! before touching the children, so they see the finished block.

use crate::point::{Move, Point};
use crossbeam_utils::CachePadded;
use std::collections::VecDeque;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU16, AtomicU32, AtomicU64, AtomicUsize, Ordering};

/// Index of a node in the arena.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct NodeId(u32);

impl NodeId {
    /// The arena index.
    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// The node `k` places after this one in the arena (the `k`-th of a child block that
    /// starts here).
    #[inline]
    pub fn offset(self, k: usize) -> NodeId {
        NodeId(self.0 + k as u32)
    }
}

/// Expansion state, in the top two bits of [`Link::shape`].
const LEAF: u16 = 0;
const EXPANDING: u16 = 1;
const EXPANDED: u16 = 2;
/// Expansion found no room in the arena: the node stays a leaf for good.
const FULL: u16 = 3;
/// The expansion state's shift in [`Link::shape`]; the bits below hold the child count
/// (at most 626, the points of a 25x25 board and a pass).
const STATE_SHIFT: u32 = 14;
const COUNT_MASK: u16 = (1 << STATE_SHIFT) - 1;

/// A move stored in 16 bits: 0 is a pass (grid index 0 is a sentinel, never a point).
fn encode(mv: Move) -> u16 {
    mv.point().map_or(0, |p| p.index() as u16)
}

fn decode(code: u16) -> Move {
    match code {
        0 => Move::Pass,
        i => Move::Play(Point::from_index(i as usize)),
    }
}

/// A visit count and a win count (in half wins) packed in one word, so that one atomic add
/// records a result: visits in the high half, half wins in the low half. Half wins are at
/// most twice the visits, so the low half cannot carry into the high one before a node
/// has 2^31 visits, far beyond any search.
const ONE_VISIT: u64 = 1 << 32;

#[inline]
fn unpack(counts: u64) -> (u32, u32) {
    ((counts >> 32) as u32, counts as u32)
}

/// A prior packed in one word: virtual visits in the low half, virtual half wins in the
/// high half.
#[inline]
fn pack_prior(visits: u16, wins2: u16) -> u32 {
    u32::from(visits) | u32::from(wins2) << 16
}

#[inline]
fn unpack_prior(prior: u32) -> (u32, u32) {
    (prior & 0xffff, prior >> 16)
}

/// The statistics of one node: the position after its move. Win counts are in half wins (a
/// jigo counts 1, a win 2), for the player who made the move.
///
/// 16 bytes and aligned to them, so four nodes fill a cache line and none straddles two.
/// Every result is one update of one word (an atomic add for real results, a store for
/// AMAF ones): backing up a playout records hundreds of results, and a locked instruction
/// costs tens of cycles even uncontended.
///
/// A worker descending through a node adds its virtual losses to the real visits at once
/// ([`Tree::enter`]) and takes them back with its result ([`Tree::update`]), so while a
/// search runs the visits include the descents still in flight, each counted as a loss:
/// the other workers see them as such and spread out.
#[derive(Default)]
#[repr(C, align(16))]
pub struct Node {
    /// Real visits and half wins ([`ONE_VISIT`]), virtual losses in flight included.
    real: AtomicU64,
    /// AMAF visits and half wins, packed the same way.
    amaf: AtomicU64,
}

const _: () = assert!(std::mem::size_of::<Node>() == 16);

impl Node {
    /// Real visits: one load, for the walks that compare only visits.
    #[inline]
    pub fn visits(&self) -> u32 {
        unpack(self.real.load(Ordering::Relaxed)).0
    }

    /// A copy of the node's numbers with the prior `prior` ([`pack_prior`]), without the
    /// move (`mv` is `None`).
    #[inline]
    fn stats(&self, prior: u32) -> NodeStats {
        let (visits, wins2) = unpack(self.real.load(Ordering::Relaxed));
        let (amaf_visits, amaf_wins2) = unpack(self.amaf.load(Ordering::Relaxed));
        let (prior_visits, prior_wins2) = unpack_prior(prior);
        NodeStats {
            mv: None,
            visits,
            wins2,
            amaf_visits,
            amaf_wins2,
            prior_visits,
            prior_wins2,
        }
    }

    /// Records an AMAF result (`win2` half wins).
    ///
    /// A plain load and store, not an atomic add: backing up one playout credits dozens of
    /// siblings, and the workers credit the same ones (the root's children every time). A
    /// locked add waits for the cache line and holds up the core; a store does not. The
    /// price is that of two workers adding to one node at the same instant, one result
    /// may be lost, and both halves of the word with it, so the node's numbers stay a
    /// consistent (slightly smaller) sample. Fuego's lock-free search makes the same trade
    /// (Enzenberger and Müller, 2009). Real results and virtual losses, which decide the
    /// visit counts that pick the move, keep their atomic adds.
    #[inline]
    pub fn update_amaf(&self, win2: u32) {
        let counts = self.amaf.load(Ordering::Relaxed);
        self.amaf
            .store(counts + (ONE_VISIT | u64::from(win2)), Ordering::Relaxed);
    }
}

/// Where a node's children are: written once, when the node is expanded.
#[derive(Default)]
#[repr(C)]
struct Link {
    first_child: AtomicU32,
    /// The expansion state (above [`STATE_SHIFT`]) and the number of children.
    shape: AtomicU16,
}

impl Link {
    /// The expansion state and the number of children. `Acquire`: a reader that sees
    /// `EXPANDED` sees the finished child block.
    #[inline]
    fn shape(&self) -> (u16, usize) {
        let shape = self.shape.load(Ordering::Acquire);
        (shape >> STATE_SHIFT, usize::from(shape & COUNT_MASK))
    }

    /// Publishes the node's state and child count (`Release`, pairing with [`Link::shape`]).
    #[inline]
    fn publish(&self, state: u16, children: usize) {
        debug_assert!(children <= usize::from(COUNT_MASK));
        self.shape
            .store(state << STATE_SHIFT | children as u16, Ordering::Release);
    }
}

/// A consistent-enough copy of one node's numbers.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct NodeStats {
    /// The move that leads to this node.
    pub mv: Option<Move>,
    /// Real visits, with the virtual losses of descents in flight while a search runs.
    pub visits: u32,
    /// Real wins, in half wins, for the player who made the move.
    pub wins2: u32,
    /// AMAF visits.
    pub amaf_visits: u32,
    /// AMAF wins, in half wins.
    pub amaf_wins2: u32,
    /// Prior virtual visits.
    pub prior_visits: u32,
    /// Prior virtual wins, in half wins.
    pub prior_wins2: u32,
}

impl NodeStats {
    /// The real win rate for the player who made the move, 0.5 when unvisited.
    pub fn win_rate(&self) -> f64 {
        if self.visits == 0 {
            0.5
        } else {
            f64::from(self.wins2) / (2.0 * f64::from(self.visits))
        }
    }
}

/// A child to create: its move and prior.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NewChild {
    /// The move.
    pub mv: Move,
    /// Prior virtual visits.
    pub prior_visits: u16,
    /// Prior virtual wins in half wins (at most `2 * prior_visits`).
    pub prior_wins2: u16,
}

const CHUNK_BITS: u32 = 16;
const CHUNK: usize = 1 << CHUNK_BITS;

/// One chunk of the arena: per node, its statistics, prior, move and link, each in an
/// array of its own.
///
/// The arrays are apart because they are used differently. Statistics change with every
/// playout through a node or its siblings, and every worker writes them. Priors and moves
/// are written once, before publication: selection reads every child's prior beside its
/// statistics, and AMAF backup reads every child's move to decide which children to
/// credit. Links are written once more, when the node itself is expanded, and read only
/// for the child selection picks. Kept in the nodes, each of these would cost the readers
/// cache lines that other workers have just written.
struct Chunk {
    nodes: Box<[Node]>,
    /// Per node, its prior ([`pack_prior`]).
    priors: Box<[AtomicU32]>,
    /// Per node, the move leading to it ([`encode`]).
    moves: Box<[AtomicU16]>,
    links: Box<[Link]>,
}

impl Chunk {
    /// Writes one word in every page of the chunk.
    ///
    /// The allocator hands out zeroed memory that the system maps only when it is used. A
    /// page first read (selection reads a child's statistics before anyone writes them)
    /// is mapped to the shared zero page, and the first write then replaces it and must
    /// flush that mapping from every core running the search: an interrupt to each of the
    /// other workers, hundreds of times per chunk. Written first, a page is mapped once.
    fn touch(&self) {
        fn every_page<T>(items: &[T], store: impl Fn(&T)) {
            let step = (4096 / std::mem::size_of::<T>()).max(1);
            items.iter().step_by(step).for_each(store);
        }
        every_page(&self.nodes, |n| n.real.store(0, Ordering::Relaxed));
        every_page(&self.priors, |p| p.store(0, Ordering::Relaxed));
        every_page(&self.moves, |m| m.store(0, Ordering::Relaxed));
        every_page(&self.links, |l| l.first_child.store(0, Ordering::Relaxed));
    }
}

/// The children of one node: a block of nodes with their priors and moves.
pub struct ChildBlock<'a> {
    /// The id of the first child.
    pub first: NodeId,
    /// The children's nodes.
    pub nodes: &'a [Node],
    priors: &'a [AtomicU32],
    moves: &'a [AtomicU16],
}

impl ChildBlock<'_> {
    /// The grid index ([`Point::index`]) of each child's move, in the order of `nodes`;
    /// 0, never a point's index, for a pass.
    #[inline]
    pub fn move_indices(&self) -> impl ExactSizeIterator<Item = usize> + '_ {
        self.moves
            .iter()
            .map(|m| usize::from(m.load(Ordering::Relaxed)))
    }

    /// Each child's numbers, in the order of `nodes`, without the moves (`mv` is `None`).
    #[inline]
    pub fn stats(&self) -> impl ExactSizeIterator<Item = NodeStats> + '_ {
        self.nodes
            .iter()
            .zip(self.priors)
            .map(|(node, prior)| node.stats(prior.load(Ordering::Relaxed)))
    }
}

/// The arena of nodes.
pub struct Tree {
    chunks: Box<[OnceLock<Chunk>]>,
    capacity: usize,
    /// The next free slot (nodes below it are taken). The one word of the tree that every
    /// expansion writes, on a cache line of its own: the fields around it are read at
    /// every step of every descent.
    used: CachePadded<AtomicUsize>,
    root: NodeId,
}

/// Bytes per node, its prior, move and link included, for the memory cap.
pub const NODE_BYTES: usize = std::mem::size_of::<Node>()
    + std::mem::size_of::<AtomicU32>()
    + std::mem::size_of::<AtomicU16>()
    + std::mem::size_of::<Link>();

impl Tree {
    /// A tree with one root node and room for at most `max_bytes` of nodes (but at least
    /// 1024 nodes).
    pub fn new(max_bytes: usize) -> Tree {
        let capacity = (max_bytes / NODE_BYTES).clamp(1024, u32::MAX as usize / 2);
        let n_chunks = capacity.div_ceil(CHUNK);
        let chunks = (0..n_chunks).map(|_| OnceLock::new()).collect();
        let tree = Tree {
            chunks,
            capacity,
            used: CachePadded::new(AtomicUsize::new(1)),
            root: NodeId(0),
        };
        tree.chunk(0);
        tree
    }

    /// Chunk `c`, allocated on first use. The last chunk holds only what the capacity
    /// allows, so the nodes never take more than the cap.
    fn chunk(&self, c: usize) -> &Chunk {
        let len = CHUNK.min(self.capacity - c * CHUNK);
        self.chunks[c].get_or_init(|| {
            let chunk = Chunk {
                nodes: (0..len).map(|_| Node::default()).collect(),
                priors: (0..len).map(|_| AtomicU32::new(0)).collect(),
                moves: (0..len).map(|_| AtomicU16::new(0)).collect(),
                links: (0..len).map(|_| Link::default()).collect(),
            };
            chunk.touch();
            chunk
        })
    }

    /// Allocates the chunk after `c`, if the capacity has one, before anyone needs it.
    fn prepare_after(&self, c: usize) {
        if (c + 1) * CHUNK < self.capacity {
            self.chunk(c + 1);
        }
    }

    /// The allocated chunk holding `id`, and `id`'s place in it.
    #[inline]
    fn chunk_of(&self, id: NodeId) -> (&Chunk, usize) {
        let i = id.index();
        let chunk = self.chunks[i >> CHUNK_BITS]
            .get()
            .expect("a node id always points into an allocated chunk");
        (chunk, i & (CHUNK - 1))
    }

    /// The node behind `id`.
    #[inline]
    pub fn node(&self, id: NodeId) -> &Node {
        let (chunk, at) = self.chunk_of(id);
        &chunk.nodes[at]
    }

    #[inline]
    fn link(&self, id: NodeId) -> &Link {
        let (chunk, at) = self.chunk_of(id);
        &chunk.links[at]
    }

    /// The root.
    pub fn root(&self) -> NodeId {
        self.root
    }

    /// Nodes in use.
    pub fn len(&self) -> usize {
        self.used.load(Ordering::Relaxed).min(self.capacity)
    }

    /// Whether only the root exists.
    pub fn is_empty(&self) -> bool {
        self.len() <= 1
    }

    /// The most nodes the tree may hold.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Bytes the nodes in use take.
    pub fn bytes_used(&self) -> usize {
        self.len() * NODE_BYTES
    }

    /// Reserves `n` contiguous slots within one chunk, or `None` when the arena is full.
    fn reserve(&self, n: usize) -> Option<NodeId> {
        debug_assert!(n > 0 && n <= CHUNK);
        let mut cur = self.used.load(Ordering::Relaxed);
        loop {
            let mut start = cur;
            if (start & (CHUNK - 1)) + n > CHUNK {
                start = (start | (CHUNK - 1)) + 1;
            }
            if start + n > self.capacity {
                return None;
            }
            match self.used.compare_exchange_weak(
                cur,
                start + n,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => {
                    let c = start >> CHUNK_BITS;
                    self.chunk(c);
                    // The worker whose block crosses the middle of a chunk allocates the
                    // next one, so that no worker waits for an allocation in `reserve`.
                    let at = start & (CHUNK - 1);
                    if (at + 1..=at + n).contains(&(CHUNK / 2)) {
                        self.prepare_after(c);
                    }
                    return Some(NodeId(start as u32));
                }
                Err(now) => cur = now,
            }
        }
    }

    /// Whether `id` has published children.
    #[inline]
    pub fn is_expanded(&self, id: NodeId) -> bool {
        self.link(id).shape().0 == EXPANDED
    }

    /// Claims the right to expand `id`: true for exactly one caller while it is a leaf.
    pub fn try_claim(&self, id: NodeId) -> bool {
        self.link(id)
            .shape
            .compare_exchange(
                LEAF << STATE_SHIFT,
                EXPANDING << STATE_SHIFT,
                Ordering::Acquire,
                Ordering::Relaxed,
            )
            .is_ok()
    }

    /// Creates the children of `id`, which the caller has claimed, and publishes them.
    /// Returns false (and marks the node as a permanent leaf) when the arena is full.
    pub fn expand(&self, id: NodeId, children: &[NewChild]) -> bool {
        let link = self.link(id);
        debug_assert_eq!(link.shape().0, EXPANDING);
        let Some(first) = (!children.is_empty())
            .then(|| self.reserve(children.len()))
            .flatten()
        else {
            link.publish(FULL, 0);
            return false;
        };
        let (chunk, at) = self.chunk_of(first);
        // A block never straddles chunks (`reserve`).
        let block = at..at + children.len();
        for ((c, prior), mv) in children
            .iter()
            .zip(&chunk.priors[block.clone()])
            .zip(&chunk.moves[block])
        {
            mv.store(encode(c.mv), Ordering::Relaxed);
            prior.store(pack_prior(c.prior_visits, c.prior_wins2), Ordering::Relaxed);
        }
        link.first_child.store(first.0, Ordering::Relaxed);
        link.publish(EXPANDED, children.len());
        true
    }

    /// The first child of `id` and the number of children (0 unless expanded).
    #[inline]
    fn block_of(&self, id: NodeId) -> (NodeId, usize) {
        let link = self.link(id);
        match link.shape() {
            (EXPANDED, n) => (NodeId(link.first_child.load(Ordering::Relaxed)), n),
            _ => (NodeId(0), 0),
        }
    }

    /// The children of `id` (empty unless expanded).
    #[inline]
    pub fn children(&self, id: NodeId) -> impl ExactSizeIterator<Item = NodeId> + Clone {
        let (first, n) = self.block_of(id);
        (first.0..first.0 + n as u32).map(NodeId)
    }

    /// The children of `id` as one block (empty unless expanded): the hot loops of selection
    /// and AMAF backup walk it without looking up each child's chunk.
    #[inline]
    pub fn child_block(&self, id: NodeId) -> ChildBlock<'_> {
        let (first, n) = self.block_of(id);
        // A block never straddles chunks (`reserve`), and an empty one is in the first.
        let (chunk, at) = self.chunk_of(first);
        let block = at..at + n;
        ChildBlock {
            first,
            nodes: &chunk.nodes[block.clone()],
            priors: &chunk.priors[block.clone()],
            moves: &chunk.moves[block],
        }
    }

    /// The child of `id` with the most real visits, the last of equals; `None` when no
    /// child has any. One pass over the block reading one word per child: the principal
    /// variations of a result walk it at every step, for every root move.
    pub fn most_visited_child(&self, id: NodeId) -> Option<NodeId> {
        let block = self.child_block(id);
        let (mut best, mut most) = (None, 0);
        for (k, child) in block.nodes.iter().enumerate() {
            let v = child.visits();
            if v > 0 && v >= most {
                (best, most) = (Some(k), v);
            }
        }
        best.map(|k| block.first.offset(k))
    }

    /// The move leading to `id`.
    #[inline]
    pub fn move_of(&self, id: NodeId) -> Move {
        let (chunk, at) = self.chunk_of(id);
        decode(chunk.moves[at].load(Ordering::Relaxed))
    }

    /// A copy of the node's numbers.
    pub fn stats(&self, id: NodeId) -> NodeStats {
        let (chunk, at) = self.chunk_of(id);
        NodeStats {
            mv: (id != self.root).then(|| decode(chunk.moves[at].load(Ordering::Relaxed))),
            ..chunk.nodes[at].stats(chunk.priors[at].load(Ordering::Relaxed))
        }
    }

    /// Marks a worker descending through `id` with `virtual_loss` lost visits, until its
    /// [`Tree::update`].
    #[inline]
    pub fn enter(&self, id: NodeId, virtual_loss: u32) {
        if virtual_loss > 0 {
            self.node(id)
                .real
                .fetch_add(u64::from(virtual_loss) << 32, Ordering::Relaxed);
        }
    }

    /// Records a real result (`win2` half wins: 0, 1 or 2) and takes back the
    /// `virtual_loss` lost visits with which the descent [entered](Tree::enter) the node.
    /// One atomic add: the visit and the wins replace the virtual losses. With one virtual
    /// loss a lost playout changes nothing, so it writes nothing.
    #[inline]
    pub fn update(&self, id: NodeId, win2: u32, virtual_loss: u32) {
        let add = (ONE_VISIT | u64::from(win2)).wrapping_sub(u64::from(virtual_loss) << 32);
        if add != 0 {
            self.node(id).real.fetch_add(add, Ordering::Relaxed);
        }
    }

    /// A new tree with room for `max_bytes` of nodes whose root is a copy of `new_root`'s
    /// subtree, with all statistics. Both trees are in memory while the copy is made (the
    /// search gives each half its cap for that). Nodes are copied level by level, the
    /// root's children first, so that a subtree too large for `max_bytes` loses its
    /// deepest nodes, which are left unexpanded. Runs on one thread between searches.
    pub fn subtree(&self, new_root: NodeId, max_bytes: usize) -> Tree {
        let tree = Tree::new(max_bytes);
        let mut queue = VecDeque::from([(new_root, tree.root)]);
        while let Some((from, to)) = queue.pop_front() {
            let ((src, i), (dst, j)) = (self.chunk_of(from), tree.chunk_of(to));
            let copy64 = |a: &AtomicU64, b: &AtomicU64| {
                b.store(a.load(Ordering::Relaxed), Ordering::Relaxed)
            };
            copy64(&src.nodes[i].real, &dst.nodes[j].real);
            copy64(&src.nodes[i].amaf, &dst.nodes[j].amaf);
            dst.priors[j].store(src.priors[i].load(Ordering::Relaxed), Ordering::Relaxed);
            dst.moves[j].store(src.moves[i].load(Ordering::Relaxed), Ordering::Relaxed);
            let kids = self.children(from);
            let n = kids.len();
            let Some(first) = (n > 0).then(|| tree.reserve(n)).flatten() else {
                continue;
            };
            queue.extend(kids.enumerate().map(|(k, kid)| (kid, first.offset(k))));
            let link = tree.link(to);
            link.first_child.store(first.0, Ordering::Relaxed);
            link.publish(EXPANDED, n);
        }
        // The root has no move.
        let (chunk, at) = tree.chunk_of(tree.root);
        chunk.moves[at].store(0, Ordering::Relaxed);
        tree
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expansion_publishes_children_once() {
        let tree = Tree::new(1 << 20);
        let root = tree.root();
        assert!(tree.try_claim(root));
        assert!(!tree.try_claim(root));
        let kids = [
            NewChild {
                mv: Move::Pass,
                prior_visits: 10,
                prior_wins2: 10,
            },
            NewChild {
                mv: Move::Play(Point::from_index(28)),
                prior_visits: 4,
                prior_wins2: 8,
            },
        ];
        assert!(tree.expand(root, &kids));
        let ids: Vec<NodeId> = tree.children(root).collect();
        assert_eq!(ids.len(), 2);
        assert_eq!(tree.move_of(ids[0]), Move::Pass);
        assert_eq!(tree.move_of(ids[1]), Move::Play(Point::from_index(28)));
        assert_eq!(tree.stats(ids[1]).prior_wins2, 8);
        let block = tree.child_block(root);
        assert_eq!(block.first, ids[0]);
        assert_eq!(block.nodes.len(), 2);
        assert_eq!(
            block.move_indices().collect::<Vec<_>>(),
            [0, 28],
            "a pass is index 0"
        );
        tree.enter(ids[1], 2);
        let s = tree.stats(ids[1]);
        assert_eq!(
            (s.visits, s.wins2),
            (2, 0),
            "a descent in flight counts as losses"
        );
        tree.update(ids[1], 2, 2);
        let s = tree.stats(ids[1]);
        assert_eq!((s.visits, s.wins2), (1, 2), "the result replaces them");
        assert_eq!(block.stats().nth(1).map(|s| s.prior_visits), Some(4));
        for win2 in [2, 2, 1, 2] {
            tree.node(ids[1]).update_amaf(win2);
        }
        let s = tree.stats(ids[1]);
        assert_eq!((s.amaf_visits, s.amaf_wins2), (4, 7));
        assert_eq!((s.visits, s.wins2), (1, 2), "AMAF results stay apart");
    }

    #[test]
    fn the_most_visited_child_is_the_last_of_equals_and_needs_a_visit() {
        let tree = Tree::new(1 << 20);
        let root = tree.root();
        assert_eq!(
            tree.most_visited_child(root),
            None,
            "a leaf has no children"
        );
        assert!(tree.try_claim(root));
        let kid = NewChild {
            mv: Move::Pass,
            prior_visits: 50,
            prior_wins2: 100,
        };
        assert!(tree.expand(root, &[kid; 4]));
        assert_eq!(tree.most_visited_child(root), None, "priors are not visits");
        let ids: Vec<NodeId> = tree.children(root).collect();
        for (id, visits) in ids.iter().zip([2, 5, 1, 5]) {
            for _ in 0..visits {
                tree.update(*id, 0, 0);
            }
        }
        assert_eq!(tree.most_visited_child(root), Some(ids[3]));
    }

    #[test]
    fn a_full_arena_refuses_to_grow() {
        let tree = Tree::new(0); // the minimum capacity
        let cap = tree.capacity();
        let kid = NewChild {
            mv: Move::Pass,
            prior_visits: 0,
            prior_wins2: 0,
        };
        let mut grown = 0;
        let mut id = tree.root();
        while tree.try_claim(id) && tree.expand(id, &[kid; 100]) {
            grown += 1;
            id = tree.children(id).next().unwrap();
        }
        assert!(tree.len() <= cap);
        assert!(grown > 0);
        assert!(
            !tree.is_expanded(id),
            "the node that found no room stays a leaf"
        );
    }

    /// Grows the tree down its first children, a block of `width` children at each step,
    /// until it holds at least `nodes` nodes.
    fn grow_to(tree: &Tree, nodes: usize, width: usize) {
        let kid = NewChild {
            mv: Move::Pass,
            prior_visits: 0,
            prior_wins2: 0,
        };
        let kids = vec![kid; width];
        let mut id = tree.root();
        while tree.is_expanded(id) {
            id = tree.children(id).next().unwrap();
        }
        while tree.len() < nodes {
            assert!(tree.try_claim(id) && tree.expand(id, &kids));
            id = tree.children(id).next().unwrap();
        }
    }

    #[test]
    fn the_next_chunk_is_allocated_once_half_of_one_is_used() {
        let tree = Tree::new(3 * CHUNK * NODE_BYTES);
        grow_to(&tree, CHUNK / 2 - 200, 100);
        assert!(tree.chunks[1].get().is_none(), "not needed yet");
        grow_to(&tree, CHUNK / 2 + 100, 100);
        assert!(tree.chunks[1].get().is_some(), "ready before it is needed");
        assert!(tree.chunks[2].get().is_none());
    }

    #[test]
    fn no_chunk_is_allocated_beyond_the_capacity() {
        let tree = Tree::new(CHUNK * NODE_BYTES);
        assert_eq!(tree.chunks.len(), 1);
        grow_to(&tree, CHUNK - 200, 100);
        assert!(tree.len() <= tree.capacity());
    }
}
