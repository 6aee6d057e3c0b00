package okta

import (
	"context"
	"errors"
	"fmt"
	"slices"
)

// This file turns directory changes into queued provisioning work. Every
// function here is called with s.mu held, right after the change is stored,
// so jobs are queued in the order the changes happened.

// assignment reports whether the user is assigned to the app, and how:
// ScopeUser when directly, ScopeGroup when only through an assigned group.
func (s *Sim) assignment(ctx context.Context, appID, userID string) (string, error) {
	au, err := s.store.GetAppUser(ctx, appID, userID)
	if err == nil && au.Direct {
		return ScopeUser, nil
	}
	if err != nil && !errors.Is(err, ErrNotFound) {
		return "", err
	}
	groups, err := s.store.ListUserGroups(ctx, userID)
	if err != nil {
		return "", err
	}
	for _, gid := range groups {
		if _, err := s.store.GetAppGroup(ctx, appID, gid); err == nil {
			return ScopeGroup, nil
		}
	}
	return "", nil
}

// ensureAppUser creates the app user of the pair when there is none.
func (s *Sim) ensureAppUser(ctx context.Context, appID, userID string) error {
	if _, err := s.store.GetAppUser(ctx, appID, userID); !errors.Is(err, ErrNotFound) {
		return err
	}
	now := s.now()
	return s.store.PutAppUser(ctx, AppUser{
		AppID: appID, UserID: userID,
		Created: now, LastUpdated: now,
	})
}

// queueUser queues a user step for one app.
func (s *Sim) queueUser(kind jobKind, appID, userID, taskID string) {
	j := &job{
		kind: kind, appID: appID, userID: userID, taskID: taskID,
		keys: []string{userKey(userID)},
	}
	if kind == jobDeactivateUser {
		if au, err := s.store.GetAppUser(context.Background(), appID, userID); err == nil {
			j.targetID = au.ExternalID
		}
	}
	s.engine.enqueue(j, s.cfg.scaled(s.cfg.PushDelay))
}

// queueMapping queues a group step of a push mapping. The job also holds
// the keys of the group's members (and of extra users, such as one that just
// left), so it runs after every step already queued for them and before any
// queued later: a member is provisioned before it is pushed, and removed
// from the group before it is deactivated.
func (s *Sim) queueMapping(ctx context.Context, kind jobKind, m PushMapping, taskID string,
	extra ...string,
) {
	keys := []string{groupKey(m.SourceGroupID)}
	members, _ := s.store.ListMembers(ctx, m.SourceGroupID)
	for _, uid := range append(members, extra...) {
		keys = append(keys, userKey(uid))
	}
	j := &job{
		kind: kind, appID: m.AppID, groupID: m.SourceGroupID, mappingID: m.ID,
		taskID: taskID, targetID: m.TargetGroupID, keys: keys,
	}
	s.engine.enqueue(j, s.cfg.scaled(s.cfg.PushDelay))
}

// queueGroupMappings queues kind for every active push mapping of a group.
func (s *Sim) queueGroupMappings(ctx context.Context, kind jobKind, groupID string,
	extra ...string,
) error {
	ms, err := s.store.ListPushMappings(ctx, "")
	if err != nil {
		return err
	}
	for _, m := range ms {
		if m.SourceGroupID == groupID && m.Status == MappingActive {
			s.queueMapping(ctx, kind, m, "", extra...)
		}
	}
	return nil
}

// queueProvision assigns the user to the app and queues its provisioning
// when the user is active.
func (s *Sim) queueProvision(ctx context.Context, appID string, u User) error {
	if err := s.ensureAppUser(ctx, appID, u.ID); err != nil {
		return err
	}
	if u.Status == StatusActive {
		s.queueUser(jobProvisionUser, appID, u.ID, "")
	}
	return nil
}

// userActivated queues provisioning in every app the user is assigned to,
// through groups (a direct assignment does not survive a deactivation).
func (s *Sim) userActivated(ctx context.Context, u User) error {
	apps, err := s.store.ListApps(ctx)
	if err != nil {
		return err
	}
	for _, a := range apps {
		scope, err := s.assignment(ctx, a.ID, u.ID)
		if err != nil {
			return err
		}
		if scope != "" {
			if err := s.queueProvision(ctx, a.ID, u); err != nil {
				return err
			}
		}
	}
	return nil
}

// userDeactivated removes the user's direct assignments and queues the
// deactivation in every app it was assigned to (OKTA-WIRE.md, Users step 4).
func (s *Sim) userDeactivated(ctx context.Context, userID string) error {
	apps, err := s.store.ListApps(ctx)
	if err != nil {
		return err
	}
	for _, a := range apps {
		au, err := s.store.GetAppUser(ctx, a.ID, userID)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		if au.Direct {
			au.Direct = false
			au.Profile = nil
			au.LastUpdated = s.now()
			if err := s.store.PutAppUser(ctx, au); err != nil {
				return err
			}
		}
		s.queueUser(jobDeactivateUser, a.ID, userID, "")
	}
	return nil
}

// profileChanged queues a profile update in every app the user is assigned to.
func (s *Sim) profileChanged(ctx context.Context, u User) error {
	if u.Status != StatusActive {
		return nil
	}
	apps, err := s.store.ListApps(ctx)
	if err != nil {
		return err
	}
	for _, a := range apps {
		scope, err := s.assignment(ctx, a.ID, u.ID)
		if err != nil {
			return err
		}
		if scope != "" {
			s.queueUser(jobUpdateUser, a.ID, u.ID, "")
		}
	}
	return nil
}

// memberAdded provisions the user in every app the group is assigned to,
// then queues the membership push of the group's mappings.
func (s *Sim) memberAdded(ctx context.Context, groupID string, u User) error {
	apps, err := s.store.ListApps(ctx)
	if err != nil {
		return err
	}
	for _, a := range apps {
		if _, err := s.store.GetAppGroup(ctx, a.ID, groupID); err != nil {
			continue
		}
		if err := s.queueProvision(ctx, a.ID, u); err != nil {
			return err
		}
	}
	return s.queueGroupMappings(ctx, jobPushMembers, groupID)
}

// memberRemoved queues the membership push of the group's mappings, then
// the deactivation in apps the user is no longer assigned to.
func (s *Sim) memberRemoved(ctx context.Context, groupID, userID string) error {
	if err := s.queueGroupMappings(ctx, jobPushMembers, groupID, userID); err != nil {
		return err
	}
	apps, err := s.store.ListApps(ctx)
	if err != nil {
		return err
	}
	for _, a := range apps {
		if _, err := s.store.GetAppGroup(ctx, a.ID, groupID); err != nil {
			continue
		}
		if err := s.unassignedCheck(ctx, a.ID, userID); err != nil {
			return err
		}
	}
	return nil
}

// unassignedCheck queues the deactivation of a user that lost its last
// assignment to the app.
func (s *Sim) unassignedCheck(ctx context.Context, appID, userID string) error {
	scope, err := s.assignment(ctx, appID, userID)
	if err != nil || scope != "" {
		return err
	}
	if _, err := s.store.GetAppUser(ctx, appID, userID); err != nil {
		return nil
	}
	s.queueUser(jobDeactivateUser, appID, userID, "")
	return nil
}

// groupAssigned provisions every active member of a newly assigned group.
func (s *Sim) groupAssigned(ctx context.Context, appID, groupID string) error {
	members, err := s.store.ListMembers(ctx, groupID)
	if err != nil {
		return err
	}
	for _, uid := range members {
		u, err := s.store.GetUser(ctx, uid)
		if err != nil {
			return err
		}
		if err := s.queueProvision(ctx, appID, u); err != nil {
			return err
		}
	}
	return nil
}

// groupUnassigned deactivates the members that lost their last assignment.
func (s *Sim) groupUnassigned(ctx context.Context, appID string, members []string) error {
	for _, uid := range members {
		if err := s.unassignedCheck(ctx, appID, uid); err != nil {
			return err
		}
	}
	return nil
}

// resyncApp queues provisioning of every assigned user and a membership push
// of every active mapping: used when provisioning is switched on.
func (s *Sim) resyncApp(ctx context.Context, appID string) error {
	users, err := s.store.ListUsers(ctx)
	if err != nil {
		return err
	}
	for _, u := range users {
		scope, err := s.assignment(ctx, appID, u.ID)
		if err != nil {
			return fmt.Errorf("resync app %s: %w", appID, err)
		}
		if scope != "" && u.Status == StatusActive {
			s.queueUser(jobProvisionUser, appID, u.ID, "")
		}
	}
	ms, err := s.store.ListPushMappings(ctx, appID)
	if err != nil {
		return err
	}
	for _, m := range slices.Clone(ms) {
		switch {
		case m.Status != MappingActive:
		case m.TargetGroupID == "":
			s.queueMapping(ctx, jobCreateGroup, m, "")
		default:
			s.queueMapping(ctx, jobPushMembers, m, "")
		}
	}
	return nil
}
