//! One stable sort for the diagnosis's lists of records. Each `sort_by` on a record type of its
//! own is a copy of the standard library's sort in the Wasm (about 5 KB each); this sorts the
//! records' positions instead, with one comparator type, so there is one copy for every list.

use std::cmp::Ordering;

/// Sorts `list` by `compare`, keeping equal records in their order (as `sort_by` does).
pub fn sort_stable_by<T>(list: &mut Vec<T>, compare: impl Fn(&T, &T) -> Ordering) {
    let order = stable_order(list.len(), &|a, b| compare(&list[a], &list[b]));
    // `Option<T>` so that each record moves out once, in its new place.
    let mut old: Vec<Option<T>> = std::mem::take(list).into_iter().map(Some).collect();
    list.extend(order.into_iter().filter_map(|at| old[at].take()));
}

/// The positions `0..len` in the order `compare` gives them, equal ones in their order.
fn stable_order(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_records_keep_their_order() {
        let mut list = vec![(2, 'a'), (1, 'b'), (2, 'c'), (0, 'd'), (1, 'e')];
        sort_stable_by(&mut list, |a, b| a.0.cmp(&b.0));
        assert_eq!(list, [(0, 'd'), (1, 'b'), (1, 'e'), (2, 'a'), (2, 'c')]);
        let mut empty: Vec<u8> = Vec::new();
        sort_stable_by(&mut empty, u8::cmp);
        assert!(empty.is_empty());
    }
}
