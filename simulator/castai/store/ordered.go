package store

import (
	"iter"
	"slices"
)

// ordered is a map that remembers insertion order. Deleting leaves a
// tombstone that is compacted away once tombstones outnumber live entries, so
// Put, Delete and Get cost O(1) amortised and iteration is stable.
type ordered[V any] struct {
	index map[string]int
	slots []slot[V]
	dead  int
}

type slot[V any] struct {
	key  string
	val  V
	live bool
}

func newOrdered[V any]() *ordered[V] {
	return &ordered[V]{index: make(map[string]int)}
}

func (o *ordered[V]) Len() int { return len(o.index) }

func (o *ordered[V]) Get(key string) (V, bool) {
	i, ok := o.index[key]
	if !ok {
		var zero V
		return zero, false
	}
	return o.slots[i].val, true
}

func (o *ordered[V]) Has(key string) bool {
	_, ok := o.index[key]
	return ok
}

// Put sets the value of key; a new key goes to the end.
func (o *ordered[V]) Put(key string, val V) {
	if i, ok := o.index[key]; ok {
		o.slots[i].val = val
		return
	}
	o.index[key] = len(o.slots)
	o.slots = append(o.slots, slot[V]{key: key, val: val, live: true})
}

// Delete removes key and reports whether it was there.
func (o *ordered[V]) Delete(key string) bool {
	i, ok := o.index[key]
	if !ok {
		return false
	}
	delete(o.index, key)
	var zero V
	o.slots[i] = slot[V]{}
	o.slots[i].val = zero
	o.dead++
	if o.dead > 32 && o.dead > len(o.index) {
		o.compact()
	}
	return true
}

func (o *ordered[V]) compact() {
	live := make([]slot[V], 0, len(o.index))
	for _, s := range o.slots {
		if s.live {
			o.index[s.key] = len(live)
			live = append(live, s)
		}
	}
	o.slots, o.dead = live, 0
}

// Range calls fn for each entry in insertion order until fn returns false.
func (o *ordered[V]) Range(fn func(key string, val V) bool) {
	for _, s := range o.slots {
		if s.live && !fn(s.key, s.val) {
			return
		}
	}
}

// Clear removes every entry.
func (o *ordered[V]) Clear() {
	o.index = make(map[string]int)
	o.slots, o.dead = nil, 0
}

// InOrder returns the values of the given keys in insertion order; keys not
// present are skipped, and each key should come once. It costs O(k log k)
// for k keys.
func (o *ordered[V]) InOrder(keys iter.Seq[string]) []V {
	var pos []int
	for k := range keys {
		if i, ok := o.index[k]; ok {
			pos = append(pos, i)
		}
	}
	slices.Sort(pos)
	out := make([]V, len(pos))
	for i, p := range pos {
		out[i] = o.slots[p].val
	}
	return out
}
