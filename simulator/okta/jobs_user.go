package okta

import (
	"context"
	"errors"

	"github.com/idpsim/idpsim/simulator/okta/scimclient"
)

// userState is what a user step reads before it sends anything.
type userState struct {
	user     User
	au       AppUser
	assigned bool
	mapped   map[string]any
	userName string
	login    string
}

// loadUserState reads the user, its app user and its assignment. ok is false
// when either record is gone.
func (s *Sim) loadUserState(ctx context.Context, app App, userID string) (userState, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, err := s.store.GetUser(ctx, userID)
	if errors.Is(err, ErrNotFound) {
		return userState{}, false, nil
	}
	if err != nil {
		return userState{}, false, err
	}
	au, err := s.store.GetAppUser(ctx, app.ID, userID)
	if errors.Is(err, ErrNotFound) {
		return userState{}, false, nil
	}
	if err != nil {
		return userState{}, false, err
	}
	scope, err := s.assignment(ctx, app.ID, userID)
	if err != nil {
		return userState{}, false, err
	}
	profile := appUserProfile(app, u, au)
	userName, _ := profile["userName"].(string)
	return userState{
		user: u, au: au, assigned: scope != "", mapped: scimUser(profile, u.ID),
		userName: userName, login: u.Profile.String("login"),
	}, true, nil
}

// provisionUser creates or links the user on the target, or reactivates it
// on the same id (OKTA-WIRE.md, Users steps 2 and 4). The lookup always comes
// first, so a retried create whose answer was lost links what it created.
func (s *Sim) provisionUser(ctx context.Context, c *scimclient.Client, app App, j *job) error {
	st, ok, err := s.loadUserState(ctx, app, j.userID)
	if err != nil || !ok || st.user.Status != StatusActive || !st.assigned {
		return err
	}
	tag := scimclient.Tag{AppID: app.ID, UserID: j.userID}
	switch {
	case st.au.ExternalID == "":
		done, err := s.createOrLink(ctx, c, app, st, tag)
		if err != nil || !done {
			return err
		}
	case !st.au.TargetActive:
		if err := s.reactivate(ctx, c, app, st, tag, st.au.ExternalID); err != nil {
			return err
		}
	case j.taskID != "":
		// A retried step whose user is already linked failed after the link
		// (the update after a lookup hit, or a lost answer): finish it.
		if err := s.sendProfile(ctx, c, app, st, tag, st.au.ExternalID); err != nil {
			return err
		}
	default:
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.queueUserMappings(ctx, app.ID, j.userID)
}

// createOrLink looks the user up by userName; a hit is linked and updated,
// a miss created when Create Users is on. done is false when nothing was
// provisioned.
func (s *Sim) createOrLink(ctx context.Context, c *scimclient.Client, app App, st userState,
	tag scimclient.Tag,
) (bool, error) {
	found, ok, err := c.FindUser(ctx, tag, st.userName)
	if err != nil {
		return false, failed(scimclient.StepCreateUser, st.login, err)
	}
	if ok {
		s.linked(ctx, app.ID, st.user.ID, found.ID)
		if active, isBool := found.Attrs["active"].(bool); isBool && !active {
			return true, s.reactivate(ctx, c, app, st, tag, found.ID)
		}
		return true, s.sendProfile(ctx, c, app, st, tag, found.ID)
	}
	if !app.Features.CreateUsers {
		return false, nil
	}
	created, err := c.CreateUser(ctx, tag, createBody(st.mapped))
	if err != nil {
		return false, failed(scimclient.StepCreateUser, st.login, err)
	}
	s.linked(ctx, app.ID, st.user.ID, created.ID)
	return true, nil
}

// sendProfile pushes the mapped profile to the target user id (GET then PUT)
// when Update User Attributes is on.
func (s *Sim) sendProfile(ctx context.Context, c *scimclient.Client, app App, st userState,
	tag scimclient.Tag, id string,
) error {
	if !app.Features.UpdateUserAttributes {
		return nil
	}
	if err := c.UpdateUser(ctx, tag, id, st.mapped); err != nil {
		return failed(scimclient.StepUpdateUser, st.login, err)
	}
	return nil
}

// reactivate sends active:true on the known target id, then the profile.
func (s *Sim) reactivate(ctx context.Context, c *scimclient.Client, app App, st userState,
	tag scimclient.Tag, id string,
) error {
	if err := c.SetUserActive(ctx, tag, id, true); err != nil {
		return failed(scimclient.StepReactivateUser, st.login, err)
	}
	s.linked(ctx, app.ID, st.user.ID, id)
	return s.sendProfile(ctx, c, app, st, tag, id)
}

// linked records the target id: the app user is PROVISIONED.
func (s *Sim) linked(ctx context.Context, appID, userID, targetID string) {
	s.updateAppUser(ctx, appID, userID, func(au *AppUser) {
		au.ExternalID, au.TargetActive = targetID, true
	})
}

// updateUser pushes the whole app-user profile: GET then PUT (Users step 3).
func (s *Sim) updateUser(ctx context.Context, c *scimclient.Client, app App, j *job) error {
	st, ok, err := s.loadUserState(ctx, app, j.userID)
	if err != nil || !ok {
		return err
	}
	if st.au.ExternalID == "" || !st.au.TargetActive || st.user.Status != StatusActive ||
		!st.assigned || !app.Features.UpdateUserAttributes {
		return nil
	}
	tag := scimclient.Tag{AppID: app.ID, UserID: j.userID}
	if err := c.UpdateUser(ctx, tag, st.au.ExternalID, st.mapped); err != nil {
		return failed(scimclient.StepUpdateUser, st.login, err)
	}
	s.updateAppUser(ctx, app.ID, j.userID, func(*AppUser) {})
	return nil
}

// deactivateUser sends active:false (Users step 4) unless the user was
// assigned again meanwhile. Okta never sends DELETE /Users.
func (s *Sim) deactivateUser(ctx context.Context, c *scimclient.Client, app App, j *job) error {
	if !app.Features.DeactivateUsers {
		return nil
	}
	st, ok, err := s.loadUserState(ctx, app, j.userID)
	if err != nil {
		return err
	}
	targetID, login := j.targetID, j.userID
	if ok {
		if st.user.Status == StatusActive && st.assigned {
			return nil
		}
		if st.au.ExternalID == "" || !st.au.TargetActive {
			return nil
		}
		targetID, login = st.au.ExternalID, st.login
	}
	if targetID == "" {
		return nil
	}
	tag := scimclient.Tag{AppID: app.ID, UserID: j.userID}
	if err := c.SetUserActive(ctx, tag, targetID, false); err != nil {
		return failed(scimclient.StepDeactivateUser, login, err)
	}
	s.updateAppUser(ctx, app.ID, j.userID, func(au *AppUser) { au.TargetActive = false })
	return nil
}

// queueUserMappings queues a membership push for every active mapping of
// the user's groups in the app: a freshly provisioned user joins its pushed
// groups. Called with s.mu held.
func (s *Sim) queueUserMappings(ctx context.Context, appID, userID string) error {
	groups, err := s.store.ListUserGroups(ctx, userID)
	if err != nil {
		return nil //nolint:nilerr // the user is gone; nothing to push
	}
	for _, gid := range groups {
		ms, err := s.store.ListGroupPushMappings(ctx, gid)
		if err != nil {
			return err
		}
		for _, m := range ms {
			if m.AppID == appID && m.Status == MappingActive && m.TargetGroupID != "" {
				s.queueMapping(ctx, jobPushMembers, m, "")
			}
		}
	}
	return nil
}
