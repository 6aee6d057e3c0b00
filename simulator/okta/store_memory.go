package okta

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// table is an ordered map: rows by key, listed in insertion order.
type table[T any] struct {
	rows  map[string]T
	order []string
}

func newTable[T any]() table[T] {
	return table[T]{rows: map[string]T{}}
}

func (t *table[T]) put(k string, v T) {
	if _, ok := t.rows[k]; !ok {
		t.order = append(t.order, k)
	}
	t.rows[k] = v
}

func (t *table[T]) del(k string) bool {
	if _, ok := t.rows[k]; !ok {
		return false
	}
	delete(t.rows, k)
	t.order = slices.DeleteFunc(t.order, func(s string) bool { return s == k })
	return true
}

func (t *table[T]) list(keep func(T) bool, clone func(T) T) []T {
	out := make([]T, 0, len(t.order))
	for _, k := range t.order {
		if v := t.rows[k]; keep == nil || keep(v) {
			out = append(out, clone(v))
		}
	}
	return out
}

func same[T any](v T) T { return v }

// MemoryStore is the in-memory Store.
type MemoryStore struct {
	mu        sync.RWMutex
	users     table[*userRow]
	attrs     attrNames // numbers the profile attribute names of users
	logins    map[string]string
	groups    table[Group]
	members   map[string]*memberList
	apps      table[App]
	appUsers  table[AppUser]
	appGroups table[AppGroup]
	mappings  table[PushMapping]
	tasks     table[Task]

	// Indexes kept by the writes above, so that the push engine's per-user
	// and per-group questions cost what the answer holds, not the org.
	groupSeq      map[string]uint64     // group id → creation sequence
	nextGroupSeq  uint64                // sequence of the next group
	groupNames    map[string][]string   // folded name (foldName) → group ids
	userGroups    map[string][]groupRef // user id → its groups
	groupMappings map[string][]string   // source group id → mapping ids
}

var _ Store = (*MemoryStore)(nil)

// NewMemoryStore returns an empty in-memory store.
func NewMemoryStore() *MemoryStore {
	s := &MemoryStore{}
	s.clear()
	return s
}

func (s *MemoryStore) clear() {
	s.users = newTable[*userRow]()
	s.attrs = newAttrNames()
	s.logins = map[string]string{}
	s.groups = newTable[Group]()
	s.members = map[string]*memberList{}
	s.apps = newTable[App]()
	s.appUsers = newTable[AppUser]()
	s.appGroups = newTable[AppGroup]()
	s.mappings = newTable[PushMapping]()
	s.tasks = newTable[Task]()
	s.groupSeq = map[string]uint64{}
	s.nextGroupSeq = 0
	s.groupNames = map[string][]string{}
	s.userGroups = map[string][]groupRef{}
	s.groupMappings = map[string][]string{}
}

func without(ids []string, id string) []string {
	return slices.DeleteFunc(ids, func(v string) bool { return v == id })
}

// Clear removes everything.
func (s *MemoryStore) Clear(context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clear()
	return nil
}

func pairKey(a, b string) string { return a + "/" + b }

func notFound(kind, id string) error { return fmt.Errorf("%s %s: %w", kind, id, ErrNotFound) }

// CreateUser adds u; its id and login must be new.
func (s *MemoryStore) CreateUser(_ context.Context, u User) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.users.rows[u.ID]; ok {
		return fmt.Errorf("user %s: %w", u.ID, ErrConflict)
	}
	login := strings.ToLower(u.Profile.String("login"))
	if _, ok := s.logins[login]; ok {
		return fmt.Errorf("login %s: %w", login, ErrConflict)
	}
	row := s.rowOf(u)
	s.users.put(row.user.ID, row)
	s.logins[s.loginOf(row)] = row.user.ID
	return nil
}

// GetUser returns the user with the given id.
func (s *MemoryStore) GetUser(_ context.Context, id string) (User, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	row, ok := s.users.rows[id]
	if !ok {
		return User{}, notFound("user", id)
	}
	return s.userOf(row), nil
}

// GetUserByLogin returns the user whose login matches, ignoring case.
func (s *MemoryStore) GetUserByLogin(ctx context.Context, login string) (User, error) {
	s.mu.RLock()
	id, ok := s.logins[strings.ToLower(login)]
	s.mu.RUnlock()
	if !ok {
		return User{}, notFound("login", login)
	}
	return s.GetUser(ctx, id)
}

// ListUsers returns every user in creation order.
func (s *MemoryStore) ListUsers(context.Context) ([]User, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]User, 0, len(s.users.order))
	for _, id := range s.users.order {
		out = append(out, s.userOf(s.users.rows[id]))
	}
	return out, nil
}

// UpdateUser replaces the user with u.ID; a new login must be free.
func (s *MemoryStore) UpdateUser(_ context.Context, u User) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.users.rows[u.ID]
	if !ok {
		return notFound("user", u.ID)
	}
	login := strings.ToLower(u.Profile.String("login"))
	if owner, ok := s.logins[login]; ok && owner != u.ID {
		return fmt.Errorf("login %s: %w", login, ErrConflict)
	}
	delete(s.logins, s.loginOf(old))
	u.ID = old.user.ID // the stored id, not a copy that may pin a request
	row := s.rowOf(u)
	s.logins[s.loginOf(row)] = row.user.ID
	s.users.put(row.user.ID, row)
	return nil
}

// DeleteUser removes the user, its memberships and its app users.
func (s *MemoryStore) DeleteUser(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	row, ok := s.users.rows[id]
	if !ok {
		return notFound("user", id)
	}
	s.users.del(id)
	delete(s.logins, s.loginOf(row))
	for _, ref := range s.userGroups[id] {
		s.vacate(ref)
	}
	delete(s.userGroups, id)
	for _, k := range slices.Clone(s.appUsers.order) {
		if s.appUsers.rows[k].UserID == id {
			s.appUsers.del(k)
		}
	}
	return nil
}

// CreateGroup adds g; its id must be new.
func (s *MemoryStore) CreateGroup(_ context.Context, g Group) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.groups.rows[g.ID]; ok {
		return fmt.Errorf("group %s: %w", g.ID, ErrConflict)
	}
	s.groups.put(g.ID, g)
	s.members[g.ID] = &memberList{}
	s.groupSeq[g.ID] = s.nextGroupSeq
	s.nextGroupSeq++
	s.addGroupName(foldName(g.Name), g.ID)
	return nil
}

// GetGroup returns the group with the given id.
func (s *MemoryStore) GetGroup(_ context.Context, id string) (Group, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	g, ok := s.groups.rows[id]
	if !ok {
		return Group{}, notFound("group", id)
	}
	return g, nil
}

// ListGroups returns every group in creation order.
func (s *MemoryStore) ListGroups(context.Context) ([]Group, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.groups.list(nil, same[Group]), nil
}

// UpdateGroup replaces the group with g.ID.
func (s *MemoryStore) UpdateGroup(_ context.Context, g Group) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.groups.rows[g.ID]
	if !ok {
		return notFound("group", g.ID)
	}
	g.ID = old.ID // the stored id, not a copy that may pin a request
	if oldName, name := foldName(old.Name), foldName(g.Name); oldName != name {
		s.dropGroupName(oldName, g.ID)
		s.addGroupName(name, g.ID)
	}
	s.groups.put(g.ID, g)
	return nil
}

// DeleteGroup removes the group, its memberships, its app assignments and
// its push mappings.
func (s *MemoryStore) DeleteGroup(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.groups.rows[id]
	if !ok {
		return notFound("group", id)
	}
	s.groups.del(id)
	s.dropGroupName(foldName(g.Name), id)
	delete(s.groupSeq, id)
	for _, uid := range s.members[id].ids {
		if uid != "" {
			s.dropRef(uid, id)
		}
	}
	delete(s.members, id)
	for _, k := range slices.Clone(s.appGroups.order) {
		if s.appGroups.rows[k].GroupID == id {
			s.appGroups.del(k)
		}
	}
	for _, k := range s.groupMappings[id] {
		s.mappings.del(k)
	}
	delete(s.groupMappings, id)
	return nil
}

// addGroupName files the group under a name at its place in creation order:
// a renamed group may take a name that a younger group already has.
func (s *MemoryStore) addGroupName(key, id string) {
	ids := s.groupNames[key]
	seq := s.groupSeq[id]
	i, _ := slices.BinarySearchFunc(ids, seq, func(other string, seq uint64) int {
		return cmp.Compare(s.groupSeq[other], seq)
	})
	s.groupNames[key] = slices.Insert(ids, i, id)
}

func (s *MemoryStore) dropGroupName(key, id string) {
	if ids := without(s.groupNames[key], id); len(ids) > 0 {
		s.groupNames[key] = ids
	} else {
		delete(s.groupNames, key)
	}
}

// foldName is the key of a group name in the name index: two names have the
// same key exactly when strings.EqualFold says they are equal, which
// lower-casing does not give ("ΟΔΟΣ" and "οδος" lower to different final
// sigmas; "İ" lowers to "i" but does not fold to it). Each rune becomes the
// least rune of its case-folding orbit, for ASCII the upper-case letter.
func foldName(name string) string {
	for i := 0; i < len(name); i++ {
		if name[i] >= utf8.RuneSelf {
			return strings.Map(foldRune, name)
		}
	}
	return strings.ToUpper(name)
}

func foldRune(r rune) rune {
	least := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		least = min(least, f)
	}
	return least
}

// GroupIDsByName returns the ids of the groups named name, ignoring case as
// strings.EqualFold does, in creation order.
func (s *MemoryStore) GroupIDsByName(_ context.Context, name string) ([]string, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return slices.Clone(s.groupNames[foldName(name)]), nil
}

// AddMember adds the user to the group; adding twice is not an error.
func (s *MemoryStore) AddMember(_ context.Context, groupID, userID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	ml, ok := s.members[groupID]
	if !ok {
		return notFound("group", groupID)
	}
	row, ok := s.users.rows[userID]
	if !ok {
		return notFound("user", userID)
	}
	// The stored ids, not the arguments: those may be parts of a request
	// line, which a kept substring would pin for as long as the membership.
	uid, gid := row.user.ID, s.groups.rows[groupID].ID
	if refIndex(s.userGroups[uid], gid) >= 0 {
		return nil
	}
	s.userGroups[uid] = append(s.userGroups[uid], groupRef{groupID: gid, pos: len(ml.ids)})
	ml.ids = append(ml.ids, uid)
	return nil
}

// RemoveMember removes the user from the group; removing a non-member is
// not an error.
func (s *MemoryStore) RemoveMember(_ context.Context, groupID, userID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.members[groupID]; !ok {
		return notFound("group", groupID)
	}
	if ref, ok := s.dropRef(userID, groupID); ok {
		s.vacate(ref)
	}
	return nil
}

// ListMembers returns the user ids of the group in the order they joined.
func (s *MemoryStore) ListMembers(_ context.Context, groupID string) ([]string, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	ml, ok := s.members[groupID]
	if !ok {
		return nil, notFound("group", groupID)
	}
	return ml.list(), nil
}

// ListUserGroups returns the ids of the user's groups in group order.
func (s *MemoryStore) ListUserGroups(_ context.Context, userID string) ([]string, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if _, ok := s.users.rows[userID]; !ok {
		return nil, notFound("user", userID)
	}
	refs := s.userGroups[userID]
	out := make([]string, 0, len(refs))
	for _, ref := range refs {
		out = append(out, ref.groupID)
	}
	slices.SortFunc(out, func(a, b string) int { return cmp.Compare(s.groupSeq[a], s.groupSeq[b]) })
	return out, nil
}

// CreateApp adds a; its id must be new.
func (s *MemoryStore) CreateApp(_ context.Context, a App) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.apps.rows[a.ID]; ok {
		return fmt.Errorf("app %s: %w", a.ID, ErrConflict)
	}
	s.apps.put(a.ID, a.clone())
	return nil
}

// GetApp returns the app with the given id.
func (s *MemoryStore) GetApp(_ context.Context, id string) (App, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	a, ok := s.apps.rows[id]
	if !ok {
		return App{}, notFound("app", id)
	}
	return a.clone(), nil
}

// ListApps returns every app in creation order.
func (s *MemoryStore) ListApps(context.Context) ([]App, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.apps.list(nil, App.clone), nil
}

// UpdateApp replaces the app with a.ID.
func (s *MemoryStore) UpdateApp(_ context.Context, a App) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.apps.rows[a.ID]; !ok {
		return notFound("app", a.ID)
	}
	s.apps.put(a.ID, a.clone())
	return nil
}

// DeleteApp removes the app with its app users, group assignments, push
// mappings and tasks.
func (s *MemoryStore) DeleteApp(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.apps.del(id) {
		return notFound("app", id)
	}
	deleteWhere(&s.appUsers, func(v AppUser) bool { return v.AppID == id })
	deleteWhere(&s.appGroups, func(v AppGroup) bool { return v.AppID == id })
	deleteWhere(&s.mappings, func(v PushMapping) bool {
		if v.AppID != id {
			return false
		}
		s.dropGroupMapping(v.SourceGroupID, v.ID)
		return true
	})
	deleteWhere(&s.tasks, func(v Task) bool { return v.AppID == id })
	return nil
}

func deleteWhere[T any](t *table[T], match func(T) bool) {
	for _, k := range slices.Clone(t.order) {
		if match(t.rows[k]) {
			t.del(k)
		}
	}
}

// PutAppUser creates or replaces an app user; app and user must exist.
func (s *MemoryStore) PutAppUser(_ context.Context, au AppUser) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.apps.rows[au.AppID]; !ok {
		return notFound("app", au.AppID)
	}
	if _, ok := s.users.rows[au.UserID]; !ok {
		return notFound("user", au.UserID)
	}
	s.appUsers.put(pairKey(au.AppID, au.UserID), au.clone())
	return nil
}

// GetAppUser returns the app user of the pair.
func (s *MemoryStore) GetAppUser(_ context.Context, appID, userID string) (AppUser, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	au, ok := s.appUsers.rows[pairKey(appID, userID)]
	if !ok {
		return AppUser{}, notFound("app user", pairKey(appID, userID))
	}
	return au.clone(), nil
}

// ListAppUsers returns the app users of an app.
func (s *MemoryStore) ListAppUsers(_ context.Context, appID string) ([]AppUser, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.appUsers.list(func(v AppUser) bool { return v.AppID == appID }, AppUser.clone), nil
}

// DeleteAppUser removes the app user of the pair.
func (s *MemoryStore) DeleteAppUser(_ context.Context, appID, userID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.appUsers.del(pairKey(appID, userID)) {
		return notFound("app user", pairKey(appID, userID))
	}
	return nil
}

// PutAppGroup creates or replaces a group assignment; both must exist.
func (s *MemoryStore) PutAppGroup(_ context.Context, ag AppGroup) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.apps.rows[ag.AppID]; !ok {
		return notFound("app", ag.AppID)
	}
	if _, ok := s.groups.rows[ag.GroupID]; !ok {
		return notFound("group", ag.GroupID)
	}
	s.appGroups.put(pairKey(ag.AppID, ag.GroupID), ag)
	return nil
}

// GetAppGroup returns the group assignment of the pair.
func (s *MemoryStore) GetAppGroup(_ context.Context, appID, groupID string) (AppGroup, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	ag, ok := s.appGroups.rows[pairKey(appID, groupID)]
	if !ok {
		return AppGroup{}, notFound("app group", pairKey(appID, groupID))
	}
	return ag, nil
}

// ListAppGroups returns the group assignments of an app.
func (s *MemoryStore) ListAppGroups(_ context.Context, appID string) ([]AppGroup, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.appGroups.list(func(v AppGroup) bool { return v.AppID == appID }, same[AppGroup]), nil
}

// DeleteAppGroup removes the group assignment of the pair.
func (s *MemoryStore) DeleteAppGroup(_ context.Context, appID, groupID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.appGroups.del(pairKey(appID, groupID)) {
		return notFound("app group", pairKey(appID, groupID))
	}
	return nil
}

// CreatePushMapping adds m; one mapping per source group and app.
func (s *MemoryStore) CreatePushMapping(_ context.Context, m PushMapping) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.mappings.rows[m.ID]; ok {
		return fmt.Errorf("push mapping %s: %w", m.ID, ErrConflict)
	}
	if _, ok := s.apps.rows[m.AppID]; !ok {
		return notFound("app", m.AppID)
	}
	if _, ok := s.groups.rows[m.SourceGroupID]; !ok {
		return notFound("group", m.SourceGroupID)
	}
	for _, id := range s.groupMappings[m.SourceGroupID] {
		if v := s.mappings.rows[id]; v.AppID == m.AppID {
			return fmt.Errorf("group %s already pushed as %s: %w", m.SourceGroupID, v.ID, ErrConflict)
		}
	}
	s.mappings.put(m.ID, m.clone())
	s.groupMappings[m.SourceGroupID] = append(s.groupMappings[m.SourceGroupID], m.ID)
	return nil
}

// GetPushMapping returns the push mapping with the given id.
func (s *MemoryStore) GetPushMapping(_ context.Context, id string) (PushMapping, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	m, ok := s.mappings.rows[id]
	if !ok {
		return PushMapping{}, notFound("push mapping", id)
	}
	return m.clone(), nil
}

// ListPushMappings returns the push mappings of an app ("" lists all).
func (s *MemoryStore) ListPushMappings(_ context.Context, appID string) ([]PushMapping, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	keep := func(v PushMapping) bool { return appID == "" || v.AppID == appID }
	return s.mappings.list(keep, PushMapping.clone), nil
}

// ListGroupPushMappings returns the push mappings whose source is the group,
// in every app, in creation order.
func (s *MemoryStore) ListGroupPushMappings(_ context.Context, groupID string) ([]PushMapping, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	ids := s.groupMappings[groupID]
	out := make([]PushMapping, 0, len(ids))
	for _, id := range ids {
		out = append(out, s.mappings.rows[id].clone())
	}
	return out, nil
}

// UpdatePushMapping replaces the push mapping with m.ID.
func (s *MemoryStore) UpdatePushMapping(_ context.Context, m PushMapping) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.mappings.rows[m.ID]
	if !ok {
		return notFound("push mapping", m.ID)
	}
	if old.SourceGroupID != m.SourceGroupID {
		s.dropGroupMapping(old.SourceGroupID, m.ID)
		s.groupMappings[m.SourceGroupID] = append(s.groupMappings[m.SourceGroupID], m.ID)
	}
	s.mappings.put(m.ID, m.clone())
	return nil
}

// DeletePushMapping removes the push mapping with the given id.
func (s *MemoryStore) DeletePushMapping(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.mappings.rows[id]
	if !ok {
		return notFound("push mapping", id)
	}
	s.mappings.del(id)
	s.dropGroupMapping(m.SourceGroupID, id)
	return nil
}

func (s *MemoryStore) dropGroupMapping(groupID, id string) {
	if ids := without(s.groupMappings[groupID], id); len(ids) > 0 {
		s.groupMappings[groupID] = ids
	} else {
		delete(s.groupMappings, groupID)
	}
}

// CreateTask adds t; its id must be new.
func (s *MemoryStore) CreateTask(_ context.Context, t Task) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.tasks.rows[t.ID]; ok {
		return fmt.Errorf("task %s: %w", t.ID, ErrConflict)
	}
	s.tasks.put(t.ID, t)
	return nil
}

// GetTask returns the task with the given id.
func (s *MemoryStore) GetTask(_ context.Context, id string) (Task, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	t, ok := s.tasks.rows[id]
	if !ok {
		return Task{}, notFound("task", id)
	}
	return t, nil
}

// ListTasks returns every task in creation order.
func (s *MemoryStore) ListTasks(context.Context) ([]Task, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.tasks.list(nil, same[Task]), nil
}

// UpdateTask replaces the task with t.ID.
func (s *MemoryStore) UpdateTask(_ context.Context, t Task) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.tasks.rows[t.ID]; !ok {
		return notFound("task", t.ID)
	}
	s.tasks.put(t.ID, t)
	return nil
}
