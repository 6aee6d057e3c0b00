package store

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/idpsim/idpsim/scim"
)

// testStore is the behaviour suite every Store implementation must pass.
func testStore(t *testing.T, newStore func(Options) Store) {
	t.Helper()
	tests := []struct {
		name string
		run  func(t *testing.T, s Store)
	}{
		{"user create get and unique userName", testUserUnique},
		{"user update keeps indexes", testUserUpdate},
		{"user update version precondition", testUserPrecondition},
		{"user delete cascades", testUserDeleteCascades},
		{"group members change by delta", testGroupMembers},
		{"group unknown member refused whole", testGroupUnknownMember},
		{"group rename unique", testGroupRename},
		{"group delete drops bindings", testGroupDeleteBindings},
		{"list pages in insertion order", testListPages},
		{"bindings found by subject", testBindingsFor},
		{"tokens one active per connection", testTokens},
		{"unsync converts only that connection", testUnsync},
		{"concurrent membership changes", testConcurrent},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, newStore(Options{})) })
	}
}

func TestMemory(t *testing.T) { testStore(t, NewMemory) }

func mustUser(t *testing.T, s Store, userName string) User {
	t.Helper()
	u, err := s.CreateUser(User{
		UserName: userName, Active: true,
		Emails: []scim.Email{{Value: userName, Primary: true}},
	})
	if err != nil {
		t.Fatalf("create user %s: %v", userName, err)
	}
	return u
}

func mustGroup(t *testing.T, s Store, name string, members ...string) Group {
	t.Helper()
	var ms []Member
	for _, id := range members {
		ms = append(ms, Member{UserID: id})
	}
	g, err := s.CreateGroup(Group{DisplayName: name}, ms)
	if err != nil {
		t.Fatalf("create group %s: %v", name, err)
	}
	return g
}

func memberIDs(t *testing.T, s Store, groupID string) []string {
	t.Helper()
	ms, err := s.Members(groupID)
	if err != nil {
		t.Fatalf("members: %v", err)
	}
	var ids []string
	for _, m := range ms {
		ids = append(ids, m.UserID)
	}
	return ids
}

func testUserUnique(t *testing.T, s Store) {
	t.Helper()
	u := mustUser(t, s, "Ada@example.com")
	got, err := s.User(u.ID)
	if err != nil || got.UserName != "Ada@example.com" || got.Version == 0 {
		t.Fatalf("get user = %+v, %v", got, err)
	}
	if _, err := s.CreateUser(User{UserName: "ada@EXAMPLE.com"}); !errors.Is(err, ErrConflict) {
		t.Fatalf("duplicate userName in other case: err = %v, want ErrConflict", err)
	}
	if hits := s.UsersByUserName("ADA@example.com"); len(hits) != 1 || hits[0].ID != u.ID {
		t.Fatalf("lookup folded userName = %+v", hits)
	}
	if _, err := s.User("nope"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown user: err = %v", err)
	}
}

func testUserUpdate(t *testing.T, s Store) {
	t.Helper()
	u := mustUser(t, s, "old@example.com")
	mustUser(t, s, "taken@example.com")
	upd, err := s.UpdateUser(u.ID, 0, func(u *User) error {
		u.UserName, u.ExternalID = "new@example.com", "00u1"
		return nil
	})
	if err != nil || upd.Version <= u.Version {
		t.Fatalf("update = %+v, %v", upd, err)
	}
	if len(s.UsersByUserName("old@example.com")) != 0 {
		t.Error("old userName still indexed")
	}
	if hits := s.UsersByExternalID("00u1"); len(hits) != 1 {
		t.Errorf("externalId lookup = %d hits", len(hits))
	}
	_, err = s.UpdateUser(u.ID, 0, func(u *User) error {
		u.UserName = "TAKEN@example.com"
		return nil
	})
	if !errors.Is(err, ErrConflict) {
		t.Errorf("rename onto taken userName: err = %v", err)
	}
	boom := errors.New("boom")
	if _, err := s.UpdateUser(u.ID, 0, func(*User) error { return boom }); !errors.Is(err, boom) {
		t.Errorf("edit error not passed through: %v", err)
	}
}

func testUserPrecondition(t *testing.T, s Store) {
	t.Helper()
	u := mustUser(t, s, "v@example.com")
	_, err := s.UpdateUser(u.ID, u.Version+1, func(*User) error { return nil })
	if !errors.Is(err, ErrPreconditionFailed) {
		t.Fatalf("stale version: err = %v", err)
	}
	if _, err := s.UpdateUser(u.ID, u.Version, func(*User) error { return nil }); err != nil {
		t.Fatalf("matching version: %v", err)
	}
}

func testUserDeleteCascades(t *testing.T, s Store) {
	t.Helper()
	a, b := mustUser(t, s, "a@x"), mustUser(t, s, "b@x")
	g := mustGroup(t, s, "G", a.ID, b.ID)
	solo, _ := s.CreateBinding(RoleBinding{RoleID: "r", Subjects: []Subject{{User: &IDRef{a.ID}}}})
	shared, _ := s.CreateBinding(RoleBinding{RoleID: "r", Subjects: []Subject{
		{User: &IDRef{a.ID}}, {Group: &IDRef{g.ID}},
	}})

	if err := s.DeleteUser(a.ID); err != nil {
		t.Fatal(err)
	}
	if ids := memberIDs(t, s, g.ID); len(ids) != 1 || ids[0] != b.ID {
		t.Errorf("members after delete = %v", ids)
	}
	if _, err := s.Binding(solo.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("binding left without subjects still there: %v", err)
	}
	if got, _ := s.Binding(shared.ID); len(got.Subjects) != 1 {
		t.Errorf("shared binding subjects = %+v", got.Subjects)
	}
	if err := s.DeleteUser(a.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
}

func testGroupMembers(t *testing.T, s Store) {
	t.Helper()
	a, b, c := mustUser(t, s, "a@x"), mustUser(t, s, "b@x"), mustUser(t, s, "c@x")
	g := mustGroup(t, s, "G", a.ID, b.ID)
	res, err := s.ChangeGroup(g.ID, GroupChange{Steps: []MemberStep{
		{Op: MemberRemove, Members: []Member{{UserID: a.ID}}},
		{Op: MemberAdd, Members: []Member{{UserID: c.ID}, {UserID: b.ID}}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(res.Added) != fmt.Sprint([]string{c.ID}) ||
		fmt.Sprint(res.Removed) != fmt.Sprint([]string{a.ID}) {
		t.Errorf("delta = +%v -%v", res.Added, res.Removed)
	}
	if ids := memberIDs(t, s, g.ID); fmt.Sprint(ids) != fmt.Sprint([]string{b.ID, c.ID}) {
		t.Errorf("members = %v", ids)
	}
	if gs, _ := s.UserGroups(a.ID); len(gs) != 0 {
		t.Errorf("removed user still in %v", gs)
	}
	res, _ = s.ChangeGroup(g.ID, GroupChange{Steps: []MemberStep{{Op: MemberClear}}})
	if len(res.Removed) != 2 || res.Group.MemberCount != 0 {
		t.Errorf("clear = %+v", res)
	}
}

func testGroupUnknownMember(t *testing.T, s Store) {
	t.Helper()
	a := mustUser(t, s, "a@x")
	g := mustGroup(t, s, "G")
	_, err := s.ChangeGroup(g.ID, GroupChange{
		Edit:  func(g *Group) error { g.DisplayName = "Renamed"; return nil },
		Steps: []MemberStep{{Op: MemberAdd, Members: []Member{{UserID: a.ID}, {UserID: "ghost"}}}},
	})
	var me *MemberError
	if !errors.As(err, &me) || me.UserID != "ghost" || !errors.Is(err, ErrUnknownMember) {
		t.Fatalf("err = %v, want MemberError for ghost", err)
	}
	got, _ := s.Group(g.ID)
	if got.DisplayName != "G" || got.MemberCount != 0 {
		t.Errorf("refused change was partly applied: %+v", got)
	}
}

func testGroupRename(t *testing.T, s Store) {
	t.Helper()
	g := mustGroup(t, s, "Eng")
	mustGroup(t, s, "Ops")
	_, err := s.ChangeGroup(g.ID, GroupChange{Edit: func(g *Group) error {
		g.DisplayName = "OPS"
		return nil
	}})
	if !errors.Is(err, ErrConflict) {
		t.Fatalf("rename onto taken name: %v", err)
	}
	if _, err := s.CreateGroup(Group{DisplayName: "eng"}, nil); !errors.Is(err, ErrConflict) {
		t.Fatalf("create with taken name in other case: %v", err)
	}
	if hits := s.GroupsByName("ENG"); len(hits) != 1 {
		t.Fatalf("lookup by name = %v", hits)
	}
}

func testGroupDeleteBindings(t *testing.T, s Store) {
	t.Helper()
	g := mustGroup(t, s, "G")
	b, _ := s.CreateBinding(RoleBinding{RoleID: "r", Subjects: []Subject{{Group: &IDRef{g.ID}}}})
	if err := s.DeleteGroup(g.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Binding(b.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("binding of deleted group: %v", err)
	}
	if len(s.GroupsByName("G")) != 0 {
		t.Error("deleted group still indexed by name")
	}
}

func testListPages(t *testing.T, s Store) {
	t.Helper()
	var ids []string
	for i := range 5 {
		ids = append(ids, mustUser(t, s, fmt.Sprintf("u%d@x", i)).ID)
	}
	if err := s.DeleteUser(ids[1]); err != nil {
		t.Fatal(err)
	}
	page, total := s.ListUsers(nil, 1, 2)
	if total != 4 || len(page) != 2 || page[0].ID != ids[2] || page[1].ID != ids[3] {
		t.Fatalf("page = %v total %d", page, total)
	}
	odd := func(u *User) bool { return u.UserName == "u3@x" }
	if page, total := s.ListUsers(odd, 0, 10); total != 1 || page[0].ID != ids[3] {
		t.Fatalf("filtered page = %v total %d", page, total)
	}
}

func testTokens(t *testing.T, s Store) {
	t.Helper()
	c, _ := s.CreateConnection(Connection{Name: "okta"})
	first, err := s.IssueToken(Token{ConnectionID: c.ID, Hash: []byte("h1")})
	if err != nil {
		t.Fatal(err)
	}
	second, _ := s.IssueToken(Token{ConnectionID: c.ID, Hash: []byte("h2")})
	active := s.ActiveTokens()
	if len(active) != 1 || active[0].ID != second.ID {
		t.Fatalf("active = %+v, want only %s (not %s)", active, second.ID, first.ID)
	}
	if _, ok := MatchToken(active, []byte("h1")); ok {
		t.Error("revoked token matched")
	}
	if s.RevokeTokens(c.ID) != 1 || len(s.ActiveTokens()) != 0 {
		t.Error("revoke left tokens active")
	}
	if _, err := s.IssueToken(Token{ConnectionID: "nope"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("token for unknown connection: %v", err)
	}
}

func testUnsync(t *testing.T, s Store) {
	t.Helper()
	mine, _ := s.CreateUser(User{UserName: "a@x", Synced: true, ConnectionID: "c1"})
	other, _ := s.CreateUser(User{UserName: "b@x", Synced: true, ConnectionID: "c2"})
	g, _ := s.CreateGroup(Group{DisplayName: "G", Synced: true, ConnectionID: "c1"}, nil)
	users, groups := s.Unsync("c1")
	if users != 1 || groups != 1 {
		t.Fatalf("unsync = %d users %d groups", users, groups)
	}
	if u, _ := s.User(mine.ID); u.Synced {
		t.Error("user of c1 still synced")
	}
	if u, _ := s.User(other.ID); !u.Synced {
		t.Error("user of c2 converted")
	}
	if got, _ := s.Group(g.ID); got.Synced {
		t.Error("group still synced")
	}
}

func testConcurrent(t *testing.T, s Store) {
	t.Helper()
	g := mustGroup(t, s, "G")
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			u, err := s.CreateUser(User{UserName: fmt.Sprintf("c%d@x", i)})
			if err != nil {
				t.Error(err)
				return
			}
			_, err = s.ChangeGroup(g.ID, GroupChange{Steps: []MemberStep{
				{Op: MemberAdd, Members: []Member{{UserID: u.ID}}},
			}})
			if err != nil {
				t.Error(err)
			}
			s.ListUsers(nil, 0, 100)
		})
	}
	wg.Wait()
	if got, _ := s.Group(g.ID); got.MemberCount != 20 {
		t.Fatalf("member count = %d, want 20", got.MemberCount)
	}
}

func testBindingsFor(t *testing.T, s Store) {
	t.Helper()
	a, b := mustUser(t, s, "a@x"), mustUser(t, s, "b@x")
	g := mustGroup(t, s, "G", a.ID)
	first, _ := s.CreateBinding(RoleBinding{RoleID: "r1", Subjects: []Subject{{User: &IDRef{a.ID}}}})
	second, _ := s.CreateBinding(RoleBinding{RoleID: "r2", Subjects: []Subject{
		{Group: &IDRef{g.ID}}, {User: &IDRef{a.ID}},
	}})
	_, _ = s.CreateBinding(RoleBinding{RoleID: "r3", Subjects: []Subject{{User: &IDRef{b.ID}}}})

	got := s.BindingsFor(Subject{User: &IDRef{a.ID}}, Subject{Group: &IDRef{g.ID}})
	if len(got) != 2 || got[0].ID != first.ID || got[1].ID != second.ID {
		t.Fatalf("bindings for a and G = %+v", got)
	}
	second.Subjects = []Subject{{User: &IDRef{b.ID}}}
	if _, err := s.ReplaceBinding(second); err != nil {
		t.Fatal(err)
	}
	if got := s.BindingsFor(Subject{Group: &IDRef{g.ID}}); len(got) != 0 {
		t.Errorf("replaced binding still indexed under G: %+v", got)
	}
	if got := s.BindingsFor(Subject{User: &IDRef{b.ID}}); len(got) != 2 {
		t.Errorf("bindings for b = %d, want 2", len(got))
	}
	if err := s.DeleteBinding(first.ID); err != nil {
		t.Fatal(err)
	}
	if got := s.BindingsFor(Subject{User: &IDRef{a.ID}}); len(got) != 0 {
		t.Errorf("deleted binding still indexed: %+v", got)
	}
}
