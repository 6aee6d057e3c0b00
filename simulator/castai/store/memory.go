package store

import (
	"fmt"
	"iter"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
)

type memory struct {
	mu   sync.RWMutex
	opts Options
	now  func() time.Time
	seq  int64 // version clock: every write takes the next value

	users       *ordered[*User]
	userNames   multiIndex[string]
	externalIDs multiIndex[string]
	groups      *ordered[*groupRecord]
	groupNames  multiIndex[string]
	memberOf    map[string][]memberRef // user id -> its groups
	bindings    *ordered[*bindingRecord]
	bySubject   multiIndex[subjectKey] // subject -> binding ids
	connections *ordered[*Connection]
	tokens      *ordered[*Token]

	// lastShape is the shape of the binding stored last, shared with the
	// next one when it is the same (see bindingRecord).
	lastShape *bindingShape
}

type groupRecord struct {
	group   Group
	members memberList
}

// NewMemory returns an empty in-memory store.
func NewMemory(opts Options) Store {
	m := &memory{opts: opts, now: opts.Now}
	if m.now == nil {
		m.now = time.Now
	}
	m.Reset()
	return m
}

func (m *memory) Reset() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.users = newOrdered[*User]()
	m.userNames = newMultiIndex[string]()
	m.externalIDs = newMultiIndex[string]()
	m.groups = newOrdered[*groupRecord]()
	m.groupNames = newMultiIndex[string]()
	m.memberOf = map[string][]memberRef{}
	m.bindings = newOrdered[*bindingRecord]()
	m.bySubject = newMultiIndex[subjectKey]()
	m.lastShape = nil
	m.connections = newOrdered[*Connection]()
	m.tokens = newOrdered[*Token]()
}

// multiIndex maps a key to the ids of the records holding it, in the order
// they took it. A key is held by one record (a few with duplicates allowed),
// so its id is kept as a plain string and only a shared key gets a list: a
// list per key would cost about 40 bytes more for each of 100,000 users.
type multiIndex[K comparable] struct {
	one  map[K]string
	more map[K][]string // keys held by two or more records
}

func newMultiIndex[K comparable]() multiIndex[K] {
	return multiIndex[K]{one: map[K]string{}, more: map[K][]string{}}
}

func (x multiIndex[K]) add(key K, id string) {
	var zero K
	if key == zero {
		return
	}
	if ids, ok := x.more[key]; ok {
		if !slices.Contains(ids, id) {
			x.more[key] = append(ids, id)
		}
		return
	}
	first, ok := x.one[key]
	switch {
	case !ok:
		x.one[key] = id
	case first != id:
		delete(x.one, key)
		x.more[key] = []string{first, id}
	}
}

func (x multiIndex[K]) remove(key K, id string) {
	if ids, ok := x.more[key]; ok {
		ids = slices.DeleteFunc(ids, func(v string) bool { return v == id })
		if len(ids) > 1 {
			x.more[key] = ids
			return
		}
		delete(x.more, key)
		if len(ids) == 1 {
			x.one[key] = ids[0]
		}
		return
	}
	if x.one[key] == id {
		delete(x.one, key)
	}
}

// ids returns the ids holding key; the caller must not change the slice.
func (x multiIndex[K]) ids(key K) []string {
	if ids, ok := x.more[key]; ok {
		return ids
	}
	if id, ok := x.one[key]; ok {
		return []string{id}
	}
	return nil
}

// drop removes key whoever holds it.
func (x multiIndex[K]) drop(key K) {
	delete(x.one, key)
	delete(x.more, key)
}

// takenBy reports whether a record other than id holds key.
func (x multiIndex[K]) takenBy(key K, id string) bool {
	if ids, ok := x.more[key]; ok {
		return slices.ContainsFunc(ids, func(v string) bool { return v != id })
	}
	first, ok := x.one[key]
	return ok && first != id
}

func (m *memory) tick() (int64, time.Time) {
	m.seq++
	return m.seq, m.now().UTC()
}

func (m *memory) userKey(userName string) string {
	if m.opts.CaseSensitiveUserNames {
		return userName
	}
	return strings.ToLower(userName)
}

func newID() string { return uuid.NewString() }

func copyUser(u *User) User {
	c := *u
	c.Emails = append(c.Emails[:0:0], u.Emails...)
	return c
}

// storedUser is the copy of u the store keeps: its own strings are cut
// from one, so that a user costs one allocation for its text rather than one
// per attribute, each rounded up to a size class. The connection id, the
// same for every synced user, stays shared.
func storedUser(u *User) User {
	c := copyUser(u)
	fields := []*string{
		&c.ID, &c.UserName, &c.ExternalID, &c.Name.Formatted, &c.Name.FamilyName,
		&c.Name.GivenName, &c.DisplayName, &c.Title,
	}
	for i := range c.Emails {
		e := &c.Emails[i]
		fields = append(fields, &e.Value, &e.Type, &e.Display)
	}
	packStrings(fields)
	return c
}

func (m *memory) CreateUser(u User) (User, error) {
	m.mu.Lock()
	defer m.mu.Unlock()

	if u.ID == "" {
		u.ID = newID()
	}
	if m.users.Has(u.ID) {
		return User{}, fmt.Errorf("create user %s: id: %w", u.ID, ErrConflict)
	}
	key := m.userKey(u.UserName)
	if !m.opts.AllowDuplicates && m.userNames.takenBy(key, u.ID) {
		return User{}, fmt.Errorf("create user %q: userName: %w", u.UserName, ErrConflict)
	}

	u.Version, u.Created = m.tick()
	u.Modified = u.Created
	// The indexes take the stored strings, so that u's are not kept too.
	stored := storedUser(&u)
	m.users.Put(stored.ID, &stored)
	m.userNames.add(m.userKey(stored.UserName), stored.ID)
	m.externalIDs.add(stored.ExternalID, stored.ID)
	return copyUser(&stored), nil
}

func (m *memory) User(id string) (User, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	u, ok := m.users.Get(id)
	if !ok {
		return User{}, fmt.Errorf("user %s: %w", id, ErrNotFound)
	}
	return copyUser(u), nil
}

func (m *memory) usersIn(ids iter.Seq[string]) []User {
	recs := m.users.InOrder(ids)
	out := make([]User, len(recs))
	for i, u := range recs {
		out[i] = copyUser(u)
	}
	return out
}

func (m *memory) usersByIndex(x multiIndex[string], key string) []User {
	return m.usersIn(slices.Values(x.ids(key)))
}

func (m *memory) UsersByUserName(userName string) []User {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.usersByIndex(m.userNames, m.userKey(userName))
}

func (m *memory) UsersByExternalID(externalID string) []User {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.usersByIndex(m.externalIDs, externalID)
}

func (m *memory) ListUsers(match func(*User) bool, offset, limit int) ([]User, int) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	var page []User
	total := 0
	m.users.Range(func(_ string, u *User) bool {
		if match != nil && !match(u) {
			return true
		}
		if total >= offset && len(page) < limit {
			page = append(page, copyUser(u))
		}
		total++
		return true
	})
	return page, total
}

func (m *memory) UpdateUser(id string, ifVersion int64, edit func(*User) error) (User, error) {
	m.mu.Lock()
	defer m.mu.Unlock()

	cur, ok := m.users.Get(id)
	if !ok {
		return User{}, fmt.Errorf("update user %s: %w", id, ErrNotFound)
	}
	if ifVersion != 0 && ifVersion != cur.Version {
		return User{}, fmt.Errorf("update user %s: %w", id, ErrPreconditionFailed)
	}
	next := copyUser(cur)
	if err := edit(&next); err != nil {
		return User{}, fmt.Errorf("update user %s: %w", id, err)
	}
	next.ID, next.Created = cur.ID, cur.Created
	oldKey, newKey := m.userKey(cur.UserName), m.userKey(next.UserName)
	if oldKey != newKey && !m.opts.AllowDuplicates && m.userNames.takenBy(newKey, id) {
		return User{}, fmt.Errorf("update user %s: userName %q: %w", id, next.UserName, ErrConflict)
	}

	next.Version, next.Modified = m.tick()
	m.userNames.remove(oldKey, cur.ID)
	m.externalIDs.remove(cur.ExternalID, cur.ID)
	storedID := cur.ID // the string the other indexes and members hold
	*cur = storedUser(&next)
	cur.ID = storedID
	m.userNames.add(m.userKey(cur.UserName), cur.ID)
	m.externalIDs.add(cur.ExternalID, cur.ID)
	return copyUser(cur), nil
}

func (m *memory) DeleteUser(id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()

	u, ok := m.users.Get(id)
	if !ok {
		return fmt.Errorf("delete user %s: %w", id, ErrNotFound)
	}
	m.users.Delete(id)
	m.userNames.remove(m.userKey(u.UserName), id)
	m.externalIDs.remove(u.ExternalID, id)

	version, now := m.tick()
	for _, ref := range m.memberOf[id] {
		m.vacate(ref)
		rec := ref.rec
		rec.group.MemberCount = rec.members.len()
		rec.group.Version, rec.group.Modified = version, now
	}
	delete(m.memberOf, id)
	m.dropSubject(subjectKey{kind: subjectUser, id: id})
	return nil
}

// dropSubject removes the subject from every binding naming it and deletes
// the bindings left without a subject.
func (m *memory) dropSubject(key subjectKey) {
	for _, id := range m.bySubject.ids(key) {
		b, _ := m.bindings.Get(id)
		kept := b.subjects[:0]
		for _, s := range b.subjects {
			if keyOf(s) != key {
				kept = append(kept, s)
			}
		}
		b.subjects = kept
		_, b.updated = m.tick()
		if len(b.subjects) == 0 {
			m.bindings.Delete(id)
		}
	}
	m.bySubject.drop(key)
}

func (m *memory) UserGroups(id string) ([]Group, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if !m.users.Has(id) {
		return nil, fmt.Errorf("user %s groups: %w", id, ErrNotFound)
	}
	refs := m.memberOf[id]
	return m.groupsIn(func(yield func(string) bool) {
		for _, ref := range refs {
			if !yield(ref.rec.group.ID) {
				return
			}
		}
	}), nil
}
