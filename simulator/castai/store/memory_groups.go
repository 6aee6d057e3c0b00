package store

import (
	"fmt"
	"iter"
	"slices"
	"strings"
)

func groupKey(displayName string) string { return strings.ToLower(displayName) }

func (m *memory) CreateGroup(g Group, members []Member) (Group, error) {
	m.mu.Lock()
	defer m.mu.Unlock()

	if g.ID == "" {
		g.ID = newID()
	}
	if m.groups.Has(g.ID) {
		return Group{}, fmt.Errorf("create group %s: id: %w", g.ID, ErrConflict)
	}
	key := groupKey(g.DisplayName)
	if !m.opts.AllowDuplicates && m.groupNames.takenBy(key, g.ID) {
		return Group{}, fmt.Errorf("create group %q: displayName: %w", g.DisplayName, ErrConflict)
	}
	if err := m.checkMembers(members); err != nil {
		return Group{}, fmt.Errorf("create group %q: %w", g.DisplayName, err)
	}

	g.Version, g.Created = m.tick()
	g.Modified = g.Created
	rec := &groupRecord{group: g, members: newOrdered[Member]()}
	m.groups.Put(g.ID, rec)
	m.groupNames.add(key, g.ID)
	m.addMembers(rec, members)
	rec.group.MemberCount = rec.members.Len()
	return rec.group, nil
}

func (m *memory) checkMembers(members []Member) error {
	for _, mem := range members {
		if !m.users.Has(mem.UserID) {
			return &MemberError{UserID: mem.UserID}
		}
	}
	return nil
}

// addMembers adds the members not yet in the group and returns their ids.
func (m *memory) addMembers(rec *groupRecord, members []Member) []string {
	var added []string
	for _, mem := range members {
		if rec.members.Has(mem.UserID) {
			continue
		}
		if mem.AddedAt.IsZero() {
			mem.AddedAt = rec.group.Modified
		}
		rec.members.Put(mem.UserID, mem)
		m.memberOf.add(mem.UserID, rec.group.ID)
		added = append(added, mem.UserID)
	}
	return added
}

func (m *memory) removeMember(rec *groupRecord, userID string) bool {
	if !rec.members.Delete(userID) {
		return false
	}
	m.memberOf.remove(userID, rec.group.ID)
	return true
}

func (m *memory) Group(id string) (Group, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	rec, ok := m.groups.Get(id)
	if !ok {
		return Group{}, fmt.Errorf("group %s: %w", id, ErrNotFound)
	}
	return rec.group, nil
}

func (m *memory) GroupsByName(displayName string) []Group {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.groupsIn(slices.Values(m.groupNames[groupKey(displayName)]))
}

func (m *memory) ListGroups(match func(*Group) bool, offset, limit int) ([]Group, int) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	var page []Group
	total := 0
	m.groups.Range(func(_ string, rec *groupRecord) bool {
		if match != nil && !match(&rec.group) {
			return true
		}
		if total >= offset && len(page) < limit {
			page = append(page, rec.group)
		}
		total++
		return true
	})
	return page, total
}

func (m *memory) Members(groupID string) ([]Member, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	rec, ok := m.groups.Get(groupID)
	if !ok {
		return nil, fmt.Errorf("members of group %s: %w", groupID, ErrNotFound)
	}
	out := make([]Member, 0, rec.members.Len())
	rec.members.Range(func(_ string, mem Member) bool {
		out = append(out, mem)
		return true
	})
	return out, nil
}

func (m *memory) ChangeGroup(id string, ch GroupChange) (ChangeResult, error) {
	m.mu.Lock()
	defer m.mu.Unlock()

	rec, ok := m.groups.Get(id)
	if !ok {
		return ChangeResult{}, fmt.Errorf("change group %s: %w", id, ErrNotFound)
	}
	if ch.IfVersion != 0 && ch.IfVersion != rec.group.Version {
		return ChangeResult{}, fmt.Errorf("change group %s: %w", id, ErrPreconditionFailed)
	}
	next := rec.group
	if ch.Edit != nil {
		if err := ch.Edit(&next); err != nil {
			return ChangeResult{}, fmt.Errorf("change group %s: %w", id, err)
		}
	}
	next.ID, next.Created = rec.group.ID, rec.group.Created
	oldKey, newKey := groupKey(rec.group.DisplayName), groupKey(next.DisplayName)
	if oldKey != newKey && !m.opts.AllowDuplicates && m.groupNames.takenBy(newKey, id) {
		return ChangeResult{}, fmt.Errorf("change group %s: displayName %q: %w",
			id, next.DisplayName, ErrConflict)
	}
	for _, step := range ch.Steps {
		if step.Op == MemberAdd {
			if err := m.checkMembers(step.Members); err != nil {
				return ChangeResult{}, fmt.Errorf("change group %s: %w", id, err)
			}
		}
	}

	// Every check is done: from here on the change cannot fail halfway.
	next.Version, next.Modified = m.tick()
	m.groupNames.remove(oldKey, id)
	m.groupNames.add(newKey, id)
	rec.group = next
	res := m.applySteps(rec, ch.Steps)
	rec.group.MemberCount = rec.members.Len()
	res.Group = rec.group
	return res, nil
}

func (m *memory) applySteps(rec *groupRecord, steps []MemberStep) ChangeResult {
	touched := map[string]bool{} // user id -> was a member before the change
	var order []string
	touch := func(uid string) {
		if _, ok := touched[uid]; !ok {
			touched[uid] = rec.members.Has(uid)
			order = append(order, uid)
		}
	}
	for _, step := range steps {
		switch step.Op {
		case MemberAdd:
			for _, mem := range step.Members {
				touch(mem.UserID)
			}
			m.addMembers(rec, step.Members)
		case MemberRemove:
			for _, mem := range step.Members {
				touch(mem.UserID)
				m.removeMember(rec, mem.UserID)
			}
		case MemberClear:
			var all []string
			rec.members.Range(func(uid string, _ Member) bool {
				all = append(all, uid)
				return true
			})
			for _, uid := range all {
				touch(uid)
				m.removeMember(rec, uid)
			}
		}
	}

	var res ChangeResult
	for _, uid := range order {
		was, is := touched[uid], rec.members.Has(uid)
		switch {
		case is && !was:
			res.Added = append(res.Added, uid)
		case was && !is:
			res.Removed = append(res.Removed, uid)
		}
	}
	return res
}

func (m *memory) DeleteGroup(id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()

	rec, ok := m.groups.Get(id)
	if !ok {
		return fmt.Errorf("delete group %s: %w", id, ErrNotFound)
	}
	rec.members.Range(func(uid string, _ Member) bool {
		m.removeMember(rec, uid)
		return true
	})
	m.groups.Delete(id)
	m.groupNames.remove(groupKey(rec.group.DisplayName), id)
	m.dropSubject(Subject{Group: &IDRef{ID: id}})
	return nil
}

func (m *memory) groupsIn(ids iter.Seq[string]) []Group {
	recs := m.groups.InOrder(ids)
	out := make([]Group, len(recs))
	for i, rec := range recs {
		out[i] = rec.group
	}
	return out
}
