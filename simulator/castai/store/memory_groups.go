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
	rec := &groupRecord{group: g}
	m.groups.Put(g.ID, rec)
	m.groupNames.add(key, g.ID)
	m.addMembers(rec, members)
	rec.group.MemberCount = rec.members.len()
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
	return m.groupsIn(slices.Values(m.groupNames.ids(groupKey(displayName))))
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
	return rec.members.members(), nil
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
	m.groupNames.remove(oldKey, rec.group.ID)
	m.groupNames.add(newKey, rec.group.ID)
	rec.group = next
	res := m.applySteps(rec, ch.Steps)
	rec.group.MemberCount = rec.members.len()
	res.Group = rec.group
	return res, nil
}

func (m *memory) applySteps(rec *groupRecord, steps []MemberStep) ChangeResult {
	touched := map[string]bool{} // user id -> was a member before the change
	var order []string
	touch := func(uid string) {
		if _, ok := touched[uid]; !ok {
			touched[uid] = m.isMember(rec, uid)
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
			for _, uid := range rec.members.userIDs() {
				touch(uid)
				m.removeMember(rec, uid)
			}
		}
	}

	var res ChangeResult
	for _, uid := range order {
		was, is := touched[uid], m.isMember(rec, uid)
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
	for _, uid := range rec.members.userIDs() {
		m.removeMember(rec, uid)
	}
	m.groups.Delete(id)
	m.groupNames.remove(groupKey(rec.group.DisplayName), id)
	m.dropSubject(subjectKey{kind: subjectGroup, id: id})
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
