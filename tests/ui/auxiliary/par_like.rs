// A rayon-like dependency: `ParIter::sum` is a trait default method whose whole body is a call
// of a trait method on `Self`, so its own crate cannot know what it does; the work (and the
// thread spawning) happens in the impl its callers pick.
pub trait Consumer {
    fn consume(&mut self, item: u32);
}

pub struct Ignore;

impl Consumer for Ignore {
    fn consume(&mut self, _: u32) {}
}

pub trait ParIter: Sized {
    fn drive<C: Consumer>(self, consumer: C) -> u64;

    fn sum(self) -> u64 {
        self.drive(Ignore)
    }
}

pub struct Iter<'a> {
    data: &'a [u32],
}

pub fn par_iter(data: &[u32]) -> Iter<'_> {
    Iter { data }
}

impl ParIter for Iter<'_> {
    fn drive<C: Consumer>(self, mut consumer: C) -> u64 {
        let (left, right) = self.data.split_at(self.data.len() / 2);
        let sum = |part: &[u32]| part.iter().map(|&x| u64::from(x)).sum::<u64>();
        let total = std::thread::scope(|s| {
            let other = s.spawn(|| sum(right));
            sum(left) + other.join().unwrap_or(0)
        });
        for &x in self.data {
            consumer.consume(x);
        }
        total
    }
}

/// A sequential impl with a type parameter and a lifetime of its own: callers of `sum` on it
/// must get its `drive` (no thread), not `Iter`'s.
pub struct Seq<'a, T> {
    data: &'a [T],
}

pub fn seq<T>(data: &[T]) -> Seq<'_, T> {
    Seq { data }
}

impl<T: Copy + Into<u32>> ParIter for Seq<'_, T> {
    fn drive<C: Consumer>(self, mut consumer: C) -> u64 {
        let mut total = 0;
        for &x in self.data {
            consumer.consume(x.into());
            total += u64::from(x.into());
        }
        total
    }
}

/// Like `Iter`, generic over its element: `drive` spawns a thread.
pub struct ParOf<'a, T> {
    data: &'a [T],
}

pub fn par_of<T>(data: &[T]) -> ParOf<'_, T> {
    ParOf { data }
}

impl<T: Copy + Into<u32> + Sync> ParIter for ParOf<'_, T> {
    fn drive<C: Consumer>(self, mut consumer: C) -> u64 {
        let sum = |part: &[T]| part.iter().map(|&x| u64::from(x.into())).sum::<u64>();
        let (left, right) = self.data.split_at(self.data.len() / 2);
        let total = std::thread::scope(|s| {
            let other = s.spawn(|| sum(right));
            sum(left) + other.join().unwrap_or(0)
        });
        for &x in self.data {
            consumer.consume(x.into());
        }
        total
    }
}
