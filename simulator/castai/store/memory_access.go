package store

import (
	"crypto/subtle"
	"fmt"
	"maps"
)

func (m *memory) CreateBinding(b RoleBinding) (RoleBinding, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if b.ID == "" {
		b.ID = newID()
	}
	if m.bindings.Has(b.ID) {
		return RoleBinding{}, fmt.Errorf("create role binding %s: %w", b.ID, ErrConflict)
	}
	_, b.Created = m.tick()
	b.Updated = b.Created
	rec := m.record(&b)
	m.bindings.Put(rec.id, rec)
	m.indexBinding(rec, true)
	return rec.binding(), nil
}

func (m *memory) Binding(id string) (RoleBinding, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	rec, ok := m.bindings.Get(id)
	if !ok {
		return RoleBinding{}, fmt.Errorf("role binding %s: %w", id, ErrNotFound)
	}
	return rec.binding(), nil
}

func (m *memory) Bindings() []RoleBinding {
	m.mu.RLock()
	defer m.mu.RUnlock()
	out := make([]RoleBinding, 0, m.bindings.Len())
	m.bindings.Range(func(_ string, rec *bindingRecord) bool {
		out = append(out, rec.binding())
		return true
	})
	return out
}

// subjectKey names a subject in the binding index.
type subjectKey struct {
	kind subjectKind
	id   string
}

type subjectKind uint8

const (
	subjectUser subjectKind = iota + 1
	subjectGroup
	subjectServiceAccount
)

func keyOf(s Subject) subjectKey {
	switch {
	case s.User != nil:
		return subjectKey{kind: subjectUser, id: s.User.ID}
	case s.Group != nil:
		return subjectKey{kind: subjectGroup, id: s.Group.ID}
	case s.ServiceAccount != nil:
		return subjectKey{kind: subjectServiceAccount, id: s.ServiceAccount.ID}
	}
	return subjectKey{}
}

func (m *memory) indexBinding(rec *bindingRecord, add bool) {
	for _, s := range rec.subjects {
		if add {
			m.bySubject.add(keyOf(s), rec.id)
		} else {
			m.bySubject.remove(keyOf(s), rec.id)
		}
	}
}

func (m *memory) BindingsFor(subjects ...Subject) []RoleBinding {
	m.mu.RLock()
	defer m.mu.RUnlock()
	ids := map[string]struct{}{}
	for _, s := range subjects {
		for _, id := range m.bySubject.ids(keyOf(s)) {
			ids[id] = struct{}{}
		}
	}
	recs := m.bindings.InOrder(maps.Keys(ids))
	out := make([]RoleBinding, len(recs))
	for i, rec := range recs {
		out[i] = rec.binding()
	}
	return out
}

func (m *memory) ReplaceBinding(b RoleBinding) (RoleBinding, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	cur, ok := m.bindings.Get(b.ID)
	if !ok {
		return RoleBinding{}, fmt.Errorf("replace role binding %s: %w", b.ID, ErrNotFound)
	}
	b.Created = cur.created
	_, b.Updated = m.tick()
	m.indexBinding(cur, false)
	*cur = *m.record(&b)
	m.indexBinding(cur, true)
	return cur.binding(), nil
}

func (m *memory) DeleteBinding(id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.bindings.Get(id)
	if !ok {
		return fmt.Errorf("delete role binding %s: %w", id, ErrNotFound)
	}
	m.indexBinding(b, false)
	m.bindings.Delete(id)
	return nil
}

func copyConnection(c *Connection) Connection {
	out := *c
	out.AdditionalEmailDomains = append([]string(nil), c.AdditionalEmailDomains...)
	if c.Okta != nil {
		okta := *c.Okta
		out.Okta = &okta
	}
	if c.OIDC != nil {
		oidc := *c.OIDC
		out.OIDC = &oidc
	}
	return out
}

func (m *memory) CreateConnection(c Connection) (Connection, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if c.ID == "" {
		c.ID = newID()
	}
	if m.connections.Has(c.ID) {
		return Connection{}, fmt.Errorf("create sso connection %s: %w", c.ID, ErrConflict)
	}
	_, c.Created = m.tick()
	c.Updated = c.Created
	stored := copyConnection(&c)
	m.connections.Put(c.ID, &stored)
	return copyConnection(&stored), nil
}

func (m *memory) Connection(id string) (Connection, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	c, ok := m.connections.Get(id)
	if !ok {
		return Connection{}, fmt.Errorf("sso connection %s: %w", id, ErrNotFound)
	}
	return copyConnection(c), nil
}

func (m *memory) Connections() []Connection {
	m.mu.RLock()
	defer m.mu.RUnlock()
	out := make([]Connection, 0, m.connections.Len())
	m.connections.Range(func(_ string, c *Connection) bool {
		out = append(out, copyConnection(c))
		return true
	})
	return out
}

func (m *memory) UpdateConnection(id string, edit func(*Connection) error) (Connection, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	cur, ok := m.connections.Get(id)
	if !ok {
		return Connection{}, fmt.Errorf("update sso connection %s: %w", id, ErrNotFound)
	}
	next := copyConnection(cur)
	if err := edit(&next); err != nil {
		return Connection{}, fmt.Errorf("update sso connection %s: %w", id, err)
	}
	next.ID, next.Created = cur.ID, cur.Created
	_, next.Updated = m.tick()
	*cur = next
	return copyConnection(cur), nil
}

func (m *memory) DeleteConnection(id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.connections.Delete(id) {
		return fmt.Errorf("delete sso connection %s: %w", id, ErrNotFound)
	}
	m.revoke(id)
	return nil
}

func (m *memory) Unsync(connectionID string) (int, int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	version, now := m.tick()
	users, groups := 0, 0
	m.users.Range(func(_ string, u *User) bool {
		if u.Synced && u.ConnectionID == connectionID {
			u.Synced, u.Version, u.Modified = false, version, now
			users++
		}
		return true
	})
	m.groups.Range(func(_ string, rec *groupRecord) bool {
		g := &rec.group
		if g.Synced && g.ConnectionID == connectionID {
			g.Synced, g.Version, g.Modified = false, version, now
			groups++
		}
		return true
	})
	return users, groups
}

func (m *memory) IssueToken(t Token) (Token, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.connections.Has(t.ConnectionID) {
		return Token{}, fmt.Errorf("issue token for %s: %w", t.ConnectionID, ErrNotFound)
	}
	if t.ID == "" {
		t.ID = newID()
	}
	m.revoke(t.ConnectionID)
	_, t.Created = m.tick()
	t.Active = true
	t.Hash = append([]byte(nil), t.Hash...)
	stored := t
	m.tokens.Put(t.ID, &stored)
	return t, nil
}

func (m *memory) revoke(connectionID string) int {
	n := 0
	m.tokens.Range(func(_ string, t *Token) bool {
		if t.ConnectionID == connectionID && t.Active {
			t.Active = false
			n++
		}
		return true
	})
	return n
}

func (m *memory) RevokeTokens(connectionID string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.revoke(connectionID)
}

func (m *memory) ActiveTokens() []Token {
	m.mu.RLock()
	defer m.mu.RUnlock()
	var out []Token
	m.tokens.Range(func(_ string, t *Token) bool {
		if t.Active {
			c := *t
			c.Hash = append([]byte(nil), t.Hash...)
			out = append(out, c)
		}
		return true
	})
	return out
}

// MatchToken returns the active token whose hash equals hash, comparing every
// candidate in constant time.
func MatchToken(tokens []Token, hash []byte) (Token, bool) {
	var found Token
	ok := false
	for _, t := range tokens {
		if subtle.ConstantTimeCompare(t.Hash, hash) == 1 {
			found, ok = t, true
		}
	}
	return found, ok
}
