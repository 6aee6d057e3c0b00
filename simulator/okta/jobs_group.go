package okta

import (
	"context"
	"errors"
	"maps"
	"slices"

	"github.com/idpsim/idpsim/scim"
	"github.com/idpsim/idpsim/simulator/okta/scimclient"
)

// groupState is what a group step reads before it sends anything.
type groupState struct {
	mapping PushMapping
	name    string
	// desired are the members Okta pushes, in group order: assigned to the
	// app, active and provisioned (OKTA-WIRE.md, Group Push step 4).
	desired []scim.Member
	order   []string          // Okta user ids of desired, same order
	byUser  map[string]string // Okta user id → target id, of desired
	// frozen are pushed members whose Okta user is not active: their
	// membership is not pushed again while they are inactive.
	frozen map[string]bool
	// kept are the frozen members as a full replace must list them to leave
	// them in place.
	kept []scim.Member
}

func (s *Sim) loadGroupState(ctx context.Context, app App,
	mappingID string,
) (groupState, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.store.GetPushMapping(ctx, mappingID)
	if errors.Is(err, ErrNotFound) {
		return groupState{}, false, nil
	}
	if err != nil {
		return groupState{}, false, err
	}
	st := groupState{
		mapping: m, name: m.TargetGroupName, byUser: map[string]string{},
		frozen: map[string]bool{},
	}
	members, err := s.store.ListMembers(ctx, m.SourceGroupID)
	if err != nil {
		return groupState{}, false, err
	}
	src := userNameSource(app)
	for _, uid := range members {
		if err := s.addDesired(ctx, app, src, uid, &st); err != nil {
			return groupState{}, false, err
		}
	}
	for _, uid := range slices.Sorted(maps.Keys(m.Pushed)) {
		u, err := s.store.GetUser(ctx, uid)
		if err == nil && u.Status == StatusActive {
			continue
		}
		st.frozen[uid] = true
		login := u.Profile.String("login")
		st.kept = append(st.kept, scim.Member{Value: m.Pushed[uid], Display: login})
	}
	return st, true, nil
}

// addDesired adds uid to the members to push when Okta would push it. src
// is the app's userName source (userNameSource).
func (s *Sim) addDesired(ctx context.Context, app App, src, uid string, st *groupState) error {
	u, err := s.store.GetUser(ctx, uid)
	if err != nil || u.Status != StatusActive {
		return nil //nolint:nilerr // a vanished user is simply not pushed
	}
	scope, err := s.assignment(ctx, app.ID, uid)
	if err != nil || scope == "" {
		return err
	}
	au, err := s.store.GetAppUser(ctx, app.ID, uid)
	if err != nil || au.ExternalID == "" || !au.TargetActive {
		return nil //nolint:nilerr // not provisioned (yet): not pushed
	}
	userName := appUserName(src, u, au)
	st.desired = append(st.desired, scim.Member{Value: au.ExternalID, Display: userName})
	st.order = append(st.order, uid)
	st.byUser[uid] = au.ExternalID
	return nil
}

// userNameSource is the Okta profile attribute an app maps to userName.
func userNameSource(app App) string {
	if src, ok := app.Mapping["userName"]; ok {
		return src
	}
	return DefaultMapping()["userName"]
}

// appUserName is the userName of appUserProfile(app, u, au), src being the
// app's userName source. A group push names each of its members by it, and
// building every member's whole profile for that cost a map per member.
func appUserName(src string, u User, au AppUser) string {
	if v, ok := au.Profile["userName"]; ok {
		name, _ := v.(string)
		return name
	}
	if src == "" {
		return ""
	}
	name, _ := u.Profile[src].(string)
	return name
}

// pushable reports whether a mapping's pushes run now: the app pushes
// groups and the mapping is active (or an admin retries its task).
func pushable(app App, st groupState, j *job) bool {
	return app.Features.PushGroups && (st.mapping.Status == MappingActive || j.taskID != "")
}

// pushAll creates or links the target group when the mapping has none, and
// pushes every member (Group Push steps 1 and 3).
func (s *Sim) pushAll(ctx context.Context, c *scimclient.Client, app App, j *job) error {
	st, ok, err := s.loadGroupState(ctx, app, j.mappingID)
	if err != nil || !ok || !pushable(app, st, j) {
		return err
	}
	tag := scimclient.Tag{AppID: app.ID, GroupID: st.mapping.SourceGroupID}
	id := st.mapping.TargetGroupID
	if id == "" {
		found, ok, err := c.FindGroup(ctx, tag, st.name)
		if err != nil {
			return failed(scimclient.StepPushGroup, st.name, err)
		}
		if !ok {
			return s.createTargetGroup(ctx, c, tag, st)
		}
		id = found.ID
		s.savePush(ctx, j.mappingID, func(m *PushMapping) { m.TargetGroupID = id })
	}
	members := slices.Concat(st.desired, st.kept)
	if err := c.ReplaceMembers(ctx, tag, id, st.name, members); err != nil {
		return failed(scimclient.StepPushGroup, st.name, err)
	}
	s.savePush(ctx, j.mappingID, func(m *PushMapping) {
		pushed := maps.Clone(st.byUser)
		for uid := range st.frozen {
			if tid, ok := m.Pushed[uid]; ok {
				pushed[uid] = tid
			}
		}
		m.Pushed = pushed
	})
	return nil
}

// createTargetGroup posts the group with no members, then sends the rename
// reassertion and the members as one membership update.
func (s *Sim) createTargetGroup(ctx context.Context, c *scimclient.Client, tag scimclient.Tag,
	st groupState,
) error {
	created, err := c.CreateGroup(ctx, tag, st.name)
	if err != nil {
		return failed(scimclient.StepPushGroup, st.name, err)
	}
	mid := st.mapping.ID
	s.savePush(ctx, mid, func(m *PushMapping) { m.TargetGroupID, m.Pushed = created.ID, nil })
	if err := c.UpdateMembers(ctx, tag, created.ID, st.name, st.desired, nil); err != nil {
		return failed(scimclient.StepPushGroup, st.name, err)
	}
	s.savePush(ctx, mid, func(m *PushMapping) { m.Pushed = maps.Clone(st.byUser) })
	return nil
}

// pushMembers sends the membership changes since the last push (Group Push
// step 2): adds of desired members not pushed yet, removes of pushed members
// that left, except those frozen while inactive.
func (s *Sim) pushMembers(ctx context.Context, c *scimclient.Client, app App, j *job) error {
	st, ok, err := s.loadGroupState(ctx, app, j.mappingID)
	if err != nil || !ok || !pushable(app, st, j) || st.mapping.TargetGroupID == "" {
		return err
	}
	var add []scim.Member
	for i, m := range st.desired {
		if st.mapping.Pushed[st.order[i]] != m.Value {
			add = append(add, m)
		}
	}
	var remove []string
	removed := map[string]bool{}
	for uid, tid := range st.mapping.Pushed {
		if _, want := st.byUser[uid]; !want && !st.frozen[uid] {
			remove = append(remove, tid)
			removed[uid] = true
		}
	}
	if len(add)+len(remove) == 0 {
		return nil
	}
	tag := scimclient.Tag{AppID: app.ID, GroupID: st.mapping.SourceGroupID}
	if err := c.UpdateMembers(ctx, tag, st.mapping.TargetGroupID, st.name, add, remove); err != nil {
		return failed(scimclient.StepPushGroup, st.name, err)
	}
	s.savePush(ctx, j.mappingID, func(m *PushMapping) {
		if m.Pushed == nil {
			m.Pushed = map[string]string{}
		}
		for uid := range removed {
			delete(m.Pushed, uid)
		}
		maps.Copy(m.Pushed, st.byUser)
	})
	return nil
}

// renameGroup pushes a new group name.
func (s *Sim) renameGroup(ctx context.Context, c *scimclient.Client, app App, j *job) error {
	st, ok, err := s.loadGroupState(ctx, app, j.mappingID)
	if err != nil || !ok || !pushable(app, st, j) || st.mapping.TargetGroupID == "" {
		return err
	}
	tag := scimclient.Tag{AppID: app.ID, GroupID: st.mapping.SourceGroupID}
	if err := c.RenameGroup(ctx, tag, st.mapping.TargetGroupID, st.name); err != nil {
		return failed(scimclient.StepPushGroup, st.name, err)
	}
	s.savePush(ctx, j.mappingID, func(*PushMapping) {})
	return nil
}

// deleteGroup deletes the target group of an unlinked mapping ("Delete the
// group in the target app", Group Push step 5).
func (s *Sim) deleteGroup(ctx context.Context, c *scimclient.Client, app App, j *job) error {
	if j.targetID == "" {
		return nil
	}
	tag := scimclient.Tag{AppID: app.ID, GroupID: j.groupID}
	if err := c.DeleteGroup(ctx, tag, j.targetID); err != nil {
		return failed(scimclient.StepDeleteGroup, j.targetID, err)
	}
	return nil
}

// savePush applies change to the stored mapping and stamps lastPush; a
// successful push also clears an ERROR status.
func (s *Sim) savePush(ctx context.Context, id string, change func(*PushMapping)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ctx.Err() != nil {
		return
	}
	m, err := s.store.GetPushMapping(ctx, id)
	if err != nil {
		return
	}
	change(&m)
	now := s.now()
	m.LastPush, m.LastUpdated = &now, now
	if m.Status == MappingError {
		m.Status, m.ErrorSummary = MappingActive, ""
	}
	_ = s.store.UpdatePushMapping(ctx, m)
}
