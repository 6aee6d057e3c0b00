package okta

import (
	"context"
	"errors"
	"fmt"
	"maps"
)

// AssignUser assigns a user to an app directly, with app-user profile
// values that override the mapped ones, and queues its provisioning.
func (s *Sim) AssignUser(ctx context.Context, appID, userID string,
	profile map[string]any,
) (AppUser, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.assignUser(ctx, appID, userID, profile)
}

func (s *Sim) assignUser(ctx context.Context, appID, userID string,
	profile map[string]any,
) (AppUser, error) {
	if _, err := s.getApp(ctx, appID); err != nil {
		return AppUser{}, err
	}
	u, err := s.lookupUser(ctx, userID)
	if err != nil {
		return AppUser{}, err
	}
	if u.Status == StatusDeprovisioned {
		return AppUser{}, errBadStatus("assign: user is " + u.Status)
	}
	if err := s.ensureAppUser(ctx, appID, u.ID); err != nil {
		return AppUser{}, err
	}
	au, err := s.store.GetAppUser(ctx, appID, u.ID)
	if err != nil {
		return AppUser{}, err
	}
	au.Direct, au.LastUpdated = true, s.now()
	if profile != nil {
		au.Profile = maps.Clone(profile)
	}
	if err := s.store.PutAppUser(ctx, au); err != nil {
		return AppUser{}, fmt.Errorf("assign user %s to app %s: %w", u.ID, appID, err)
	}
	if u.Status == StatusActive {
		s.queueUser(jobProvisionUser, appID, u.ID, "")
	}
	return au, nil
}

// appUser returns the app user of an assigned user, else not found.
func (s *Sim) appUser(ctx context.Context, appID, userID string) (AppUser, string, error) {
	if _, err := s.getApp(ctx, appID); err != nil {
		return AppUser{}, "", err
	}
	au, err := s.store.GetAppUser(ctx, appID, userID)
	if errors.Is(err, ErrNotFound) {
		return AppUser{}, "", errNotFoundResource(userID, "AppUser")
	}
	if err != nil {
		return AppUser{}, "", err
	}
	scope, err := s.assignment(ctx, appID, userID)
	if err != nil {
		return AppUser{}, "", err
	}
	u, err := s.store.GetUser(ctx, userID)
	if err != nil || scope == "" || u.Status == StatusDeprovisioned {
		return AppUser{}, "", errNotFoundResource(userID, "AppUser")
	}
	return au, scope, nil
}

// UpdateAppUserProfile merges values into the app-user profile (the app's
// Assignments tab → Edit) and pushes the profile.
func (s *Sim) UpdateAppUserProfile(ctx context.Context, appID, userID string,
	profile map[string]any,
) (AppUser, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	au, _, err := s.appUser(ctx, appID, userID)
	if err != nil {
		return AppUser{}, err
	}
	if au.Profile == nil {
		au.Profile = map[string]any{}
	}
	maps.Copy(au.Profile, profile)
	au.LastUpdated = s.now()
	if err := s.store.PutAppUser(ctx, au); err != nil {
		return AppUser{}, fmt.Errorf("update app user %s: %w", userID, err)
	}
	s.queueUser(jobUpdateUser, appID, userID, "")
	return au, nil
}

// UnassignUser removes a direct assignment; a user no longer assigned at
// all is deactivated in the app.
func (s *Sim) UnassignUser(ctx context.Context, appID, userID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	au, _, err := s.appUser(ctx, appID, userID)
	if err != nil {
		return err
	}
	au.Direct, au.Profile, au.LastUpdated = false, nil, s.now()
	if err := s.store.PutAppUser(ctx, au); err != nil {
		return fmt.Errorf("unassign user %s: %w", userID, err)
	}
	return s.unassignedCheck(ctx, appID, userID)
}

// AssignGroup assigns a group to an app: its active members are provisioned.
func (s *Sim) AssignGroup(ctx context.Context, appID, groupID string) (AppGroup, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.assignGroup(ctx, appID, groupID)
}

func (s *Sim) assignGroup(ctx context.Context, appID, groupID string) (AppGroup, error) {
	if _, err := s.getApp(ctx, appID); err != nil {
		return AppGroup{}, err
	}
	if _, err := s.getGroup(ctx, groupID); err != nil {
		return AppGroup{}, err
	}
	if ag, err := s.store.GetAppGroup(ctx, appID, groupID); err == nil {
		return ag, nil
	}
	existing, err := s.store.ListAppGroups(ctx, appID)
	if err != nil {
		return AppGroup{}, err
	}
	ag := AppGroup{
		AppID: appID, GroupID: groupID, Priority: len(existing),
		LastUpdated: s.now(),
	}
	if err := s.store.PutAppGroup(ctx, ag); err != nil {
		return AppGroup{}, fmt.Errorf("assign group %s to app %s: %w", groupID, appID, err)
	}
	return ag, s.groupAssigned(ctx, appID, groupID)
}

// UnassignGroup removes a group assignment; members no longer assigned are
// deactivated in the app.
func (s *Sim) UnassignGroup(ctx context.Context, appID, groupID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.getApp(ctx, appID); err != nil {
		return err
	}
	if _, err := s.store.GetAppGroup(ctx, appID, groupID); errors.Is(err, ErrNotFound) {
		return errNotFoundResource(groupID, "ApplicationGroupAssignment")
	}
	members, err := s.store.ListMembers(ctx, groupID)
	if err != nil {
		return err
	}
	if err := s.store.DeleteAppGroup(ctx, appID, groupID); err != nil {
		return fmt.Errorf("unassign group %s: %w", groupID, err)
	}
	return s.groupUnassigned(ctx, appID, members)
}
