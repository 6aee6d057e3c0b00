package okta

// memberList is a group's members in the order they joined. A map per
// group and a map of groups per user cost about 250 bytes a membership; the
// list costs one id, and the user's groupRef says where the user stands in
// it. Removing a member leaves a hole ("") that is closed up once holes
// outnumber members, so adding and removing cost O(1) amortised and neither
// depends on the group's size. User ids are never empty.
type memberList struct {
	ids   []string
	holes int
}

// groupRef is one group of a user and the user's place in its memberList.
type groupRef struct {
	groupID string
	pos     int
}

// minHoles is how many holes a member list keeps before it is closed up.
const minHoles = 32

func (ml *memberList) list() []string {
	out := make([]string, 0, len(ml.ids)-ml.holes)
	for _, id := range ml.ids {
		if id != "" {
			out = append(out, id)
		}
	}
	return out
}

func refIndex(refs []groupRef, groupID string) int {
	for i, ref := range refs {
		if ref.groupID == groupID {
			return i
		}
	}
	return -1
}

// dropRef removes the group from the user's groups and returns the ref it had.
func (s *MemoryStore) dropRef(userID, groupID string) (groupRef, bool) {
	refs := s.userGroups[userID]
	i := refIndex(refs, groupID)
	if i < 0 {
		return groupRef{}, false
	}
	ref := refs[i]
	if len(refs) == 1 {
		delete(s.userGroups, userID)
	} else {
		s.userGroups[userID] = append(refs[:i], refs[i+1:]...)
	}
	return ref, true
}

// vacate leaves a hole at the place ref names and closes the group's holes
// up when they outnumber its members.
func (s *MemoryStore) vacate(ref groupRef) {
	ml := s.members[ref.groupID]
	ml.ids[ref.pos] = ""
	ml.holes++
	if ml.holes <= minHoles || ml.holes <= len(ml.ids)-ml.holes {
		return
	}
	ids := make([]string, 0, len(ml.ids)-ml.holes)
	for _, uid := range ml.ids {
		if uid == "" {
			continue
		}
		refs := s.userGroups[uid]
		refs[refIndex(refs, ref.groupID)].pos = len(ids)
		ids = append(ids, uid)
	}
	ml.ids, ml.holes = ids, 0
}
