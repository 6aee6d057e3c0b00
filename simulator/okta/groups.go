package okta

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
)

func (s *Sim) getGroup(ctx context.Context, id string) (Group, error) {
	g, err := s.store.GetGroup(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return Group{}, errNotFoundResource(id, "UserGroup")
	}
	return g, err
}

// NewGroup describes a group to create; ID pins the id.
type NewGroup struct {
	ID          string
	Name        string
	Description string
}

// CreateGroup adds an Okta group. Names are unique, as in Okta.
func (s *Sim) CreateGroup(ctx context.Context, in NewGroup) (Group, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.createGroup(ctx, in)
}

func (s *Sim) createGroup(ctx context.Context, in NewGroup) (Group, error) {
	if strings.TrimSpace(in.Name) == "" {
		return Group{}, errValidation("name: The field cannot be left blank")
	}
	if err := s.uniqueGroupName(ctx, "", in.Name); err != nil {
		return Group{}, err
	}
	now := s.now()
	g := Group{
		ID: in.ID, Name: in.Name, Description: in.Description, Created: now,
		LastUpdated: now, LastMembershipUpdated: now,
	}
	if g.ID == "" {
		g.ID = newID(prefixGroup)
	}
	if err := s.store.CreateGroup(ctx, g); err != nil {
		return Group{}, fmt.Errorf("create group: %w", err)
	}
	return g, nil
}

func (s *Sim) uniqueGroupName(ctx context.Context, selfID, name string) error {
	ids, err := s.store.GroupIDsByName(ctx, name)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if id != selfID {
			return errValidation("name: An object with this field already exists in the " +
				"current organization")
		}
	}
	return nil
}

// UpdateGroup renames or re-describes a group; a new name is pushed to the
// group's active push mappings.
func (s *Sim) UpdateGroup(ctx context.Context, id, name, description string) (Group, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.getGroup(ctx, id)
	if err != nil {
		return Group{}, err
	}
	if strings.TrimSpace(name) == "" {
		return Group{}, errValidation("name: The field cannot be left blank")
	}
	if err := s.uniqueGroupName(ctx, id, name); err != nil {
		return Group{}, err
	}
	renamed := g.Name != name
	g.Name, g.Description, g.LastUpdated = name, description, s.now()
	if err := s.store.UpdateGroup(ctx, g); err != nil {
		return Group{}, fmt.Errorf("update group %s: %w", id, err)
	}
	if !renamed {
		return g, nil
	}
	return g, s.groupRenamed(ctx, g)
}

// groupRenamed makes every mapping of the group carry the new name and
// queues the rename where the mapping is active.
func (s *Sim) groupRenamed(ctx context.Context, g Group) error {
	ms, err := s.store.ListPushMappings(ctx, "")
	if err != nil {
		return err
	}
	for _, m := range ms {
		if m.SourceGroupID != g.ID {
			continue
		}
		m.TargetGroupName, m.LastUpdated = g.Name, s.now()
		if err := s.store.UpdatePushMapping(ctx, m); err != nil {
			return err
		}
		if m.Status == MappingActive && m.TargetGroupID != "" {
			s.queueMapping(ctx, jobRenameGroup, m, "")
		}
	}
	return nil
}

// DeleteGroup removes a group. Its pushed target groups are deleted, its
// members lose the app assignments that came through it.
func (s *Sim) DeleteGroup(ctx context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.getGroup(ctx, id); err != nil {
		return err
	}
	members, err := s.store.ListMembers(ctx, id)
	if err != nil {
		return err
	}
	ms, err := s.store.ListPushMappings(ctx, "")
	if err != nil {
		return err
	}
	for _, m := range ms {
		if m.SourceGroupID == id && m.TargetGroupID != "" {
			s.engine.enqueue(&job{
				kind: jobDeleteGroup, appID: m.AppID, groupID: id,
				targetID: m.TargetGroupID, keys: []string{groupKey(id)},
			}, s.cfg.scaled(s.cfg.PushDelay))
		}
	}
	apps, err := s.assignedApps(ctx, id)
	if err != nil {
		return err
	}
	if err := s.store.DeleteGroup(ctx, id); err != nil {
		return fmt.Errorf("delete group %s: %w", id, err)
	}
	for _, appID := range apps {
		if err := s.groupUnassigned(ctx, appID, members); err != nil {
			return err
		}
	}
	return nil
}

// assignedApps lists the apps a group is assigned to.
func (s *Sim) assignedApps(ctx context.Context, groupID string) ([]string, error) {
	apps, err := s.store.ListApps(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, a := range apps {
		if _, err := s.store.GetAppGroup(ctx, a.ID, groupID); err == nil {
			out = append(out, a.ID)
		}
	}
	return out, nil
}

// AddMember adds a user to a group and queues what follows: provisioning in
// apps the group is assigned to, then the push to the group's mappings.
func (s *Sim) AddMember(ctx context.Context, groupID, userID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addMember(ctx, groupID, userID)
}

func (s *Sim) addMember(ctx context.Context, groupID, userID string) error {
	g, err := s.getGroup(ctx, groupID)
	if err != nil {
		return err
	}
	u, err := s.lookupUser(ctx, userID)
	if err != nil {
		return err
	}
	isMember, err := s.isMember(ctx, groupID, u.ID)
	if err != nil {
		return err
	}
	if isMember {
		return nil
	}
	if err := s.store.AddMember(ctx, groupID, u.ID); err != nil {
		return fmt.Errorf("add member %s to %s: %w", u.ID, groupID, err)
	}
	g.LastMembershipUpdated = s.now()
	if err := s.store.UpdateGroup(ctx, g); err != nil {
		return err
	}
	return s.memberAdded(ctx, groupID, u)
}

// isMember asks the user's short list of groups rather than the group's
// possibly long list of members.
func (s *Sim) isMember(ctx context.Context, groupID, userID string) (bool, error) {
	groups, err := s.store.ListUserGroups(ctx, userID)
	if err != nil {
		return false, err
	}
	return slices.Contains(groups, groupID), nil
}

// RemoveMember removes a user from a group and queues what follows.
func (s *Sim) RemoveMember(ctx context.Context, groupID, userID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.getGroup(ctx, groupID)
	if err != nil {
		return err
	}
	u, err := s.lookupUser(ctx, userID)
	if err != nil {
		return err
	}
	isMember, err := s.isMember(ctx, groupID, u.ID)
	if err != nil {
		return err
	}
	if !isMember {
		return nil
	}
	if err := s.store.RemoveMember(ctx, groupID, u.ID); err != nil {
		return fmt.Errorf("remove member %s from %s: %w", u.ID, groupID, err)
	}
	g.LastMembershipUpdated = s.now()
	if err := s.store.UpdateGroup(ctx, g); err != nil {
		return err
	}
	return s.memberRemoved(ctx, groupID, u.ID)
}
