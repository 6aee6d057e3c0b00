package store

import (
	"slices"
	"time"
)

// memberList is a group's members in the order they were added. An ordered
// map per group (a slot and a map entry per member) and a set of group ids
// per user cost about 250 bytes a membership; the list holds one slot, and
// the user's memberRef says where the user stands in it. Removing a member
// leaves a hole (an empty user id) that is closed up once holes outnumber
// members, so a change costs in proportion to the members it names, not the
// group's size. User ids are never empty.
type memberList struct {
	slots []memberSlot
	holes int
}

type memberSlot struct {
	userID  string // the stored user's id string; "" for a hole
	display string
	addedAt time.Time
}

// memberRef is one group of a user and the user's place in its memberList.
type memberRef struct {
	rec *groupRecord
	pos int
}

// minHoles is how many holes a member list keeps before it is closed up.
const minHoles = 32

func (ml *memberList) len() int { return len(ml.slots) - ml.holes }

func (ml *memberList) members() []Member {
	out := make([]Member, 0, ml.len())
	for _, s := range ml.slots {
		if s.userID != "" {
			out = append(out, Member{UserID: s.userID, Display: s.display, AddedAt: s.addedAt})
		}
	}
	return out
}

func (ml *memberList) userIDs() []string {
	out := make([]string, 0, ml.len())
	for _, s := range ml.slots {
		if s.userID != "" {
			out = append(out, s.userID)
		}
	}
	return out
}

func refIndex(refs []memberRef, rec *groupRecord) int {
	for i, r := range refs {
		if r.rec == rec {
			return i
		}
	}
	return -1
}

func (m *memory) isMember(rec *groupRecord, userID string) bool {
	return refIndex(m.memberOf[userID], rec) >= 0
}

// addMembers adds the members not yet in the group, which must be known
// users, and returns their ids.
func (m *memory) addMembers(rec *groupRecord, members []Member) []string {
	var added []string
	// Room for them all at once: a group created with 50,000 members would
	// otherwise keep up to a quarter of its list unused.
	rec.members.slots = slices.Grow(rec.members.slots, len(members))
	for _, mem := range members {
		u, _ := m.users.Get(mem.UserID)
		// The stored id, not the one given: that is a string of its own,
		// decoded from a request, and would be kept twice.
		uid := u.ID
		if m.isMember(rec, uid) {
			continue
		}
		if mem.AddedAt.IsZero() {
			mem.AddedAt = rec.group.Modified
		}
		m.memberOf[uid] = append(m.memberOf[uid], memberRef{rec: rec, pos: len(rec.members.slots)})
		rec.members.slots = append(rec.members.slots,
			memberSlot{userID: uid, display: mem.Display, addedAt: mem.AddedAt})
		added = append(added, uid)
	}
	return added
}

// removeMember removes the user from the group and reports whether it was in it.
func (m *memory) removeMember(rec *groupRecord, userID string) bool {
	refs := m.memberOf[userID]
	i := refIndex(refs, rec)
	if i < 0 {
		return false
	}
	ref := refs[i]
	if len(refs) == 1 {
		delete(m.memberOf, userID)
	} else {
		m.memberOf[userID] = append(refs[:i], refs[i+1:]...)
	}
	m.vacate(ref)
	return true
}

// vacate leaves a hole at the place ref names and closes the group's holes
// up when they outnumber its members.
func (m *memory) vacate(ref memberRef) {
	ml := &ref.rec.members
	ml.slots[ref.pos] = memberSlot{}
	ml.holes++
	if ml.holes <= minHoles || ml.holes <= ml.len() {
		return
	}
	slots := make([]memberSlot, 0, ml.len())
	for _, s := range ml.slots {
		if s.userID == "" {
			continue
		}
		refs := m.memberOf[s.userID]
		refs[refIndex(refs, ref.rec)].pos = len(slots)
		slots = append(slots, s)
	}
	ml.slots, ml.holes = slots, 0
}
