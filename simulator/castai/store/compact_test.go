package store

import (
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/idpsim/idpsim/scim"
)

// TestMemoryDuplicateNames exercises the index of keys held by several
// records, which only the duplicates defect allows.
func TestMemoryDuplicateNames(t *testing.T) {
	s := NewMemory(Options{AllowDuplicates: true})
	var ids []string
	for _, name := range []string{"dup@x", "DUP@x", "dup@X"} {
		u, err := s.CreateUser(User{UserName: name, ExternalID: "same"})
		if err != nil {
			t.Fatalf("create %s: %v", name, err)
		}
		ids = append(ids, u.ID)
	}
	names := func(users []User) []string {
		var out []string
		for _, u := range users {
			out = append(out, u.ID)
		}
		return out
	}
	if got := names(s.UsersByUserName("Dup@x")); !slices.Equal(got, ids) {
		t.Fatalf("by userName = %v, want %v", got, ids)
	}
	if err := s.DeleteUser(ids[1]); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateUser(ids[0], 0, func(u *User) error {
		u.UserName, u.ExternalID = "other@x", "other"
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if got := names(s.UsersByUserName("dup@x")); !slices.Equal(got, ids[2:]) {
		t.Errorf("by userName after delete and rename = %v, want %v", got, ids[2:])
	}
	if got := names(s.UsersByExternalID("same")); !slices.Equal(got, ids[2:]) {
		t.Errorf("by externalId = %v, want %v", got, ids[2:])
	}
	if got := names(s.UsersByUserName("OTHER@x")); !slices.Equal(got, ids[:1]) {
		t.Errorf("renamed user = %v, want %v", got, ids[:1])
	}
}

// TestMemoryMemberChurn removes enough members for the member lists to be
// closed up several times and checks order, counts and user groups against
// a plain model.
func TestMemoryMemberChurn(t *testing.T) {
	s := NewMemory(Options{})
	var users []string
	for i := range 300 {
		users = append(users, mustUser(t, s, fmt.Sprintf("u%03d@x", i)).ID)
	}
	g1 := mustGroup(t, s, "one", users...)
	g2 := mustGroup(t, s, "two")
	model := map[string][]string{g1.ID: slices.Clone(users)}
	change := func(gid string, op MemberOp, ids ...string) {
		t.Helper()
		var ms []Member
		for _, id := range ids {
			ms = append(ms, Member{UserID: id})
		}
		if _, err := s.ChangeGroup(gid, GroupChange{Steps: []MemberStep{{Op: op, Members: ms}}}); err != nil {
			t.Fatal(err)
		}
		for _, id := range ids {
			if op == MemberRemove {
				model[gid] = slices.DeleteFunc(model[gid], func(v string) bool { return v == id })
			} else if !slices.Contains(model[gid], id) {
				model[gid] = append(model[gid], id)
			}
		}
	}
	for i := len(users) - 1; i >= 0; i-- {
		change(g2.ID, MemberAdd, users[i])
	}
	for i, id := range users {
		if i%5 != 0 {
			change(g1.ID, MemberRemove, id)
		}
		if i%3 == 0 {
			change(g2.ID, MemberRemove, id)
		}
	}
	for i := 1; i < len(users); i += 7 {
		change(g1.ID, MemberAdd, users[i])
	}
	for i := 0; i < len(users); i += 10 {
		if err := s.DeleteUser(users[i]); err != nil {
			t.Fatal(err)
		}
		for gid := range model {
			model[gid] = slices.DeleteFunc(model[gid], func(v string) bool { return v == users[i] })
		}
	}

	for gid, want := range model {
		if got := memberIDs(t, s, gid); !slices.Equal(got, want) {
			t.Errorf("%s members = %v\nwant %v", gid, got, want)
		}
		if g, _ := s.Group(gid); g.MemberCount != len(want) {
			t.Errorf("%s member count = %d, want %d", gid, g.MemberCount, len(want))
		}
	}
	for i := 1; i < len(users); i += 10 {
		var want []string
		for _, gid := range []string{g1.ID, g2.ID} {
			if slices.Contains(model[gid], users[i]) {
				want = append(want, gid)
			}
		}
		groups, err := s.UserGroups(users[i])
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, g := range groups {
			got = append(got, g.ID)
		}
		if !slices.Equal(got, want) {
			t.Errorf("user %d groups = %v, want %v", i, got, want)
		}
	}
}

// TestMemoryBindingsShareNothingVisible checks that bindings created alike
// stay independent: replacing one changes no other.
func TestMemoryBindingsShareNothingVisible(t *testing.T) {
	s := NewMemory(Options{})
	a, b := mustUser(t, s, "a@x"), mustUser(t, s, "b@x")
	org := []Scope{{Organization: &IDRef{ID: "org"}}}
	var ids []string
	for _, u := range []User{a, b} {
		rb, err := s.CreateBinding(RoleBinding{
			Name: "new joiner " + u.UserName, Description: "default role", RoleID: "viewer",
			Scopes: org, Subjects: []Subject{{User: &IDRef{ID: u.ID}}}, Source: SourceNewJoiner,
		})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, rb.ID)
	}
	got, _ := s.Binding(ids[0])
	got.Scopes[0].Organization.ID = "changed by a caller"
	got.Description, got.RoleID = "edited", "owner"
	if _, err := s.ReplaceBinding(got); err != nil {
		t.Fatal(err)
	}
	other, _ := s.Binding(ids[1])
	if other.Description != "default role" || other.RoleID != "viewer" ||
		other.Scopes[0].Organization.ID != "org" || other.Source != SourceNewJoiner {
		t.Errorf("other binding = %+v %+v", other, other.Scopes[0].Organization)
	}
	if org[0].Organization.ID != "org" {
		t.Error("the store changed the caller's scopes")
	}
	again, _ := s.Binding(ids[0])
	if again.Description != "edited" || again.Scopes[0].Organization.ID != "changed by a caller" {
		t.Errorf("replaced binding = %+v", again)
	}
}

// TestMemoryUserRoundTrip checks that a user comes back as given, whatever
// its strings share, through create and update.
func TestMemoryUserRoundTrip(t *testing.T) {
	s := NewMemory(Options{})
	in := User{
		UserName: "Ann@X", ExternalID: "ann", DisplayName: "Ann",
		Name:   scim.Name{GivenName: "Ann", FamilyName: "Lee", Formatted: ""},
		Emails: []scim.Email{{Value: "Ann@X", Type: "work", Primary: true}, {Value: "a@y", Type: "work"}},
		Active: true, ConnectionID: "conn",
	}
	got, err := s.CreateUser(in)
	if err != nil {
		t.Fatal(err)
	}
	in.ID, in.Created, in.Modified, in.Version = got.ID, got.Created, got.Modified, got.Version
	if again, _ := s.User(got.ID); !reflect.DeepEqual(again, in) {
		t.Fatalf("stored user = %+v\nwant %+v", again, in)
	}
	upd, err := s.UpdateUser(got.ID, 0, func(u *User) error {
		u.UserName, u.Title, u.Emails = "ann@z", "Ann", []scim.Email{{Value: "ann@z", Display: "ann@z"}}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if upd.ID != got.ID || upd.UserName != "ann@z" || upd.Title != "Ann" || upd.DisplayName != "Ann" ||
		!reflect.DeepEqual(upd.Emails, []scim.Email{{Value: "ann@z", Display: "ann@z"}}) {
		t.Errorf("updated user = %+v", upd)
	}
	if found := s.UsersByUserName("ANN@z"); len(found) != 1 || found[0].ID != got.ID {
		t.Errorf("by new userName = %v", found)
	}
	if found := s.UsersByUserName("ann@x"); len(found) != 0 {
		t.Errorf("old userName still finds %v", found)
	}
}
