package okta

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestMemoryStoreProfileRoundTrip(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		profile Profile
	}{
		{"nil", nil},
		{"empty", Profile{}},
		{"usual strings", Profile{
			"login": "ann@example.com", "email": "ann@example.com", "firstName": "Ann",
			"lastName": "Lee", "displayName": "Ann Lee", "title": "", "locale": "en_US",
		}},
		{"long and non-ASCII values", Profile{
			"login": "zoë@example.com", "bio": strings.Repeat("é", 300), "x": "",
		}},
		{"values that are not strings", Profile{
			"login": "n@x", "age": float64(42), "admin": true, "manager": nil,
			"tags": []any{"a", float64(1)}, "extra": map[string]any{"k": "v"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, id := NewMemoryStore(), "u1"
			if err := s.CreateUser(ctx, User{ID: id, Profile: tt.profile}); err != nil {
				t.Fatalf("create: %v", err)
			}
			got, err := s.GetUser(ctx, id)
			if err != nil {
				t.Fatalf("get: %v", err)
			}
			if !reflect.DeepEqual(got.Profile, tt.profile) {
				t.Errorf("profile = %#v, want %#v", got.Profile, tt.profile)
			}
			if all, _ := s.ListUsers(ctx); !reflect.DeepEqual(all[0].Profile, tt.profile) {
				t.Errorf("listed profile = %#v, want %#v", all[0].Profile, tt.profile)
			}
		})
	}
}

func TestMemoryStoreLoginFollowsUpdates(t *testing.T) {
	ctx := context.Background()
	s := NewMemoryStore()
	if err := s.CreateUser(ctx, User{ID: "u1", Profile: Profile{"login": "Old@X", "n": 1.0}}); err != nil {
		t.Fatal(err)
	}
	if err := s.UpdateUser(ctx, User{ID: "u1", Profile: Profile{"login": "New@X"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetUserByLogin(ctx, "old@x"); err == nil {
		t.Error("old login still finds the user")
	}
	u, err := s.GetUserByLogin(ctx, "NEW@x")
	if err != nil || !reflect.DeepEqual(u.Profile, Profile{"login": "New@X"}) {
		t.Errorf("by new login: %v, %v", u.Profile, err)
	}
	if err := s.DeleteUser(ctx, "u1"); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateUser(ctx, User{ID: "u2", Profile: Profile{"login": "new@x"}}); err != nil {
		t.Errorf("login of a deleted user still taken: %v", err)
	}
}

// TestMemoryStoreMemberChurn removes enough members for the member lists to
// be closed up several times and checks order and user groups against a
// plain model.
func TestMemoryStoreMemberChurn(t *testing.T) {
	ctx := context.Background()
	s := NewMemoryStore()
	const users = 300
	for i := range users {
		id := fmt.Sprintf("u%03d", i)
		if err := s.CreateUser(ctx, User{ID: id, Profile: Profile{"login": id}}); err != nil {
			t.Fatal(err)
		}
	}
	model := map[string][]string{}
	for _, gid := range []string{"g1", "g2"} {
		if err := s.CreateGroup(ctx, Group{ID: gid, Name: gid}); err != nil {
			t.Fatal(err)
		}
	}
	add := func(gid, uid string) {
		t.Helper()
		if err := s.AddMember(ctx, gid, uid); err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(model[gid], uid) {
			model[gid] = append(model[gid], uid)
		}
	}
	remove := func(gid, uid string) {
		t.Helper()
		if err := s.RemoveMember(ctx, gid, uid); err != nil {
			t.Fatal(err)
		}
		model[gid] = slices.DeleteFunc(model[gid], func(v string) bool { return v == uid })
	}
	for i := range users {
		add("g1", fmt.Sprintf("u%03d", i))
		add("g2", fmt.Sprintf("u%03d", users-1-i))
	}
	for i := range users {
		if i%5 != 0 {
			remove("g1", fmt.Sprintf("u%03d", i))
		}
		if i%3 == 0 {
			remove("g2", fmt.Sprintf("u%03d", i))
		}
	}
	for i := 1; i < users; i += 7 {
		add("g1", fmt.Sprintf("u%03d", i))
	}
	for i := 0; i < users; i += 10 {
		uid := fmt.Sprintf("u%03d", i)
		if err := s.DeleteUser(ctx, uid); err != nil {
			t.Fatal(err)
		}
		for gid := range model {
			model[gid] = slices.DeleteFunc(model[gid], func(v string) bool { return v == uid })
		}
	}

	for gid, want := range model {
		if got, _ := s.ListMembers(ctx, gid); !slices.Equal(got, want) {
			t.Errorf("%s members = %v\nwant %v", gid, got, want)
		}
	}
	for i := 1; i < users; i += 10 {
		uid := fmt.Sprintf("u%03d", i)
		var want []string
		for _, gid := range []string{"g1", "g2"} {
			if slices.Contains(model[gid], uid) {
				want = append(want, gid)
			}
		}
		if got, _ := s.ListUserGroups(ctx, uid); !slices.Equal(got, want) {
			t.Errorf("%s groups = %v, want %v", uid, got, want)
		}
	}
}
