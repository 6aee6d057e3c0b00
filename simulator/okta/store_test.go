package okta

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"
)

// testStore is the behaviour every Store must show. A new implementation
// runs it with its own constructor.
func testStore(t *testing.T, newStore func() Store) {
	t.Helper()
	ctx := context.Background()
	now := time.Now()
	user := func(id, login string) User {
		return User{ID: id, Status: StatusActive, Created: now, Profile: Profile{"login": login}}
	}
	seed := func(t *testing.T) Store {
		t.Helper()
		s := newStore()
		for _, u := range []User{user("u1", "a@x"), user("u2", "b@x")} {
			if err := s.CreateUser(ctx, u); err != nil {
				t.Fatalf("create user: %v", err)
			}
		}
		for _, g := range []Group{{ID: "g1", Name: "One"}, {ID: "g2", Name: "Two"}} {
			if err := s.CreateGroup(ctx, g); err != nil {
				t.Fatalf("create group: %v", err)
			}
		}
		if err := s.CreateApp(ctx, App{ID: "a1", Label: "App"}); err != nil {
			t.Fatalf("create app: %v", err)
		}
		return s
	}

	tests := []struct {
		name string
		run  func(s Store) error
		want error
	}{
		{"duplicate user id", func(s Store) error {
			return s.CreateUser(ctx, user("u1", "other@x"))
		}, ErrConflict},
		{"duplicate login ignores case", func(s Store) error {
			return s.CreateUser(ctx, user("u3", "A@X"))
		}, ErrConflict},
		{"login lookup ignores case", func(s Store) error {
			u, err := s.GetUserByLogin(ctx, "B@x")
			if err == nil && u.ID != "u2" {
				return fmt.Errorf("got %s", u.ID)
			}
			return err
		}, nil},
		{"update to a taken login", func(s Store) error {
			return s.UpdateUser(ctx, user("u2", "a@x"))
		}, ErrConflict},
		{"login freed by update", func(s Store) error {
			if err := s.UpdateUser(ctx, user("u1", "new@x")); err != nil {
				return err
			}
			return s.CreateUser(ctx, user("u3", "a@x"))
		}, nil},
		{"missing user", func(s Store) error {
			_, err := s.GetUser(ctx, "nope")
			return err
		}, ErrNotFound},
		{"copies are independent", func(s Store) error {
			u, _ := s.GetUser(ctx, "u1")
			u.Profile["login"] = "changed"
			again, _ := s.GetUser(ctx, "u1")
			if again.Profile.String("login") != "a@x" {
				return errors.New("store shares its profile map")
			}
			return nil
		}, nil},
		{"members in join order, idempotent", func(s Store) error {
			for _, uid := range []string{"u2", "u1", "u2"} {
				if err := s.AddMember(ctx, "g1", uid); err != nil {
					return err
				}
			}
			got, err := s.ListMembers(ctx, "g1")
			if !slices.Equal(got, []string{"u2", "u1"}) {
				return fmt.Errorf("members = %v", got)
			}
			return err
		}, nil},
		{"member of missing group", func(s Store) error {
			return s.AddMember(ctx, "gx", "u1")
		}, ErrNotFound},
		{"deleting a user drops memberships and app users", func(s Store) error {
			_ = s.AddMember(ctx, "g1", "u1")
			_ = s.PutAppUser(ctx, AppUser{AppID: "a1", UserID: "u1"})
			if err := s.DeleteUser(ctx, "u1"); err != nil {
				return err
			}
			if got, _ := s.ListMembers(ctx, "g1"); len(got) != 0 {
				return fmt.Errorf("members = %v", got)
			}
			_, err := s.GetAppUser(ctx, "a1", "u1")
			return err
		}, ErrNotFound},
		{"one push mapping per group and app", func(s Store) error {
			if err := s.CreatePushMapping(ctx, PushMapping{
				ID: "m1", AppID: "a1",
				SourceGroupID: "g1",
			}); err != nil {
				return err
			}
			return s.CreatePushMapping(ctx, PushMapping{ID: "m2", AppID: "a1", SourceGroupID: "g1"})
		}, ErrConflict},
		{"deleting a group drops its assignments and mappings", func(s Store) error {
			_ = s.PutAppGroup(ctx, AppGroup{AppID: "a1", GroupID: "g2"})
			_ = s.CreatePushMapping(ctx, PushMapping{ID: "m1", AppID: "a1", SourceGroupID: "g2"})
			if err := s.DeleteGroup(ctx, "g2"); err != nil {
				return err
			}
			if _, err := s.GetAppGroup(ctx, "a1", "g2"); !errors.Is(err, ErrNotFound) {
				// %v, not %w: the case expects ErrNotFound from the mapping only.
				return fmt.Errorf("app group still there: %v", err) //nolint:errorlint
			}
			_, err := s.GetPushMapping(ctx, "m1")
			return err
		}, ErrNotFound},
		{"user groups in group order", func(s Store) error {
			_ = s.AddMember(ctx, "g2", "u1")
			_ = s.AddMember(ctx, "g1", "u1")
			got, err := s.ListUserGroups(ctx, "u1")
			if !slices.Equal(got, []string{"g1", "g2"}) {
				return fmt.Errorf("groups = %v", got)
			}
			return err
		}, nil},
		{"user groups follow removals and group deletion", func(s Store) error {
			for _, gid := range []string{"g2", "g1"} {
				_ = s.AddMember(ctx, gid, "u1")
			}
			_ = s.RemoveMember(ctx, "g1", "u1")
			if got, _ := s.ListUserGroups(ctx, "u1"); !slices.Equal(got, []string{"g2"}) {
				return fmt.Errorf("after removal groups = %v", got)
			}
			_ = s.AddMember(ctx, "g1", "u1")
			_ = s.DeleteGroup(ctx, "g2")
			got, err := s.ListUserGroups(ctx, "u1")
			if !slices.Equal(got, []string{"g1"}) {
				return fmt.Errorf("after deleting g2 groups = %v", got)
			}
			return err
		}, nil},
		{"group names found ignoring case, through renames and deletion", func(s Store) error {
			if got, _ := s.GroupIDsByName(ctx, "ONE"); !slices.Equal(got, []string{"g1"}) {
				return fmt.Errorf("ONE = %v", got)
			}
			if err := s.UpdateGroup(ctx, Group{ID: "g1", Name: "Uno"}); err != nil {
				return err
			}
			if got, _ := s.GroupIDsByName(ctx, "one"); len(got) != 0 {
				return fmt.Errorf("old name still finds %v", got)
			}
			if got, _ := s.GroupIDsByName(ctx, "uno"); !slices.Equal(got, []string{"g1"}) {
				return fmt.Errorf("uno = %v", got)
			}
			_ = s.DeleteGroup(ctx, "g1")
			got, err := s.GroupIDsByName(ctx, "Uno")
			if len(got) != 0 {
				return fmt.Errorf("deleted group still found: %v", got)
			}
			return err
		}, nil},
		{"groups sharing a name listed in creation order after renames", func(s Store) error {
			for _, g := range []Group{{ID: "g2", Name: "ONE"}, {ID: "g1", Name: "Uno"}, {ID: "g1", Name: "one"}} {
				if err := s.UpdateGroup(ctx, g); err != nil {
					return err
				}
			}
			got, err := s.GroupIDsByName(ctx, "One")
			if !slices.Equal(got, []string{"g1", "g2"}) {
				return fmt.Errorf("One = %v, want g1 then g2", got)
			}
			return err
		}, nil},
		{"group names ignore case as strings.EqualFold does", func(s Store) error {
			// Final sigma and long s fold to letters their lower-case forms
			// differ from.
			for _, g := range []Group{{ID: "g3", Name: "ΟΔΟΣ"}, {ID: "g4", Name: "ſales"}, {ID: "g5", Name: "i"}} {
				if err := s.CreateGroup(ctx, g); err != nil {
					return err
				}
			}
			for name, want := range map[string]string{"οδος": "g3", "SALES": "g4"} {
				if got, _ := s.GroupIDsByName(ctx, name); !slices.Equal(got, []string{want}) {
					return fmt.Errorf("%s = %v, want %s", name, got, want)
				}
			}
			got, err := s.GroupIDsByName(ctx, "\u0130") // İ lowers to i but does not fold to it
			if len(got) != 0 {
				return fmt.Errorf("İ = %v", got)
			}
			return err
		}, nil},
		{"a group's push mappings across apps", func(s Store) error {
			_ = s.CreateApp(ctx, App{ID: "a2", Label: "Other"})
			for _, m := range []PushMapping{
				{ID: "m1", AppID: "a1", SourceGroupID: "g1"},
				{ID: "m2", AppID: "a2", SourceGroupID: "g1"},
				{ID: "m3", AppID: "a1", SourceGroupID: "g2"},
			} {
				if err := s.CreatePushMapping(ctx, m); err != nil {
					return err
				}
			}
			ids := func(groupID string) []string {
				ms, _ := s.ListGroupPushMappings(ctx, groupID)
				var out []string
				for _, m := range ms {
					out = append(out, m.ID)
				}
				return out
			}
			if got := ids("g1"); !slices.Equal(got, []string{"m1", "m2"}) {
				return fmt.Errorf("g1 mappings = %v", got)
			}
			_ = s.DeletePushMapping(ctx, "m1")
			_ = s.DeleteApp(ctx, "a2")
			if got := ids("g1"); len(got) != 0 {
				return fmt.Errorf("g1 mappings after deletes = %v", got)
			}
			if got := ids("g2"); !slices.Equal(got, []string{"m3"}) {
				return fmt.Errorf("g2 mappings = %v", got)
			}
			return s.CreatePushMapping(ctx, PushMapping{ID: "m4", AppID: "a1", SourceGroupID: "g1"})
		}, nil},
		{"deleting an app drops what hangs on it", func(s Store) error {
			_ = s.PutAppUser(ctx, AppUser{AppID: "a1", UserID: "u1"})
			_ = s.CreateTask(ctx, Task{ID: "t1", AppID: "a1"})
			if err := s.DeleteApp(ctx, "a1"); err != nil {
				return err
			}
			if tasks, _ := s.ListTasks(ctx); len(tasks) != 0 {
				return fmt.Errorf("tasks = %v", tasks)
			}
			_, err := s.GetAppUser(ctx, "a1", "u1")
			return err
		}, ErrNotFound},
		{"clear empties everything", func(s Store) error {
			if err := s.Clear(ctx); err != nil {
				return err
			}
			users, _ := s.ListUsers(ctx)
			groups, _ := s.ListGroups(ctx)
			apps, _ := s.ListApps(ctx)
			if len(users)+len(groups)+len(apps) != 0 {
				return fmt.Errorf("left %d users, %d groups, %d apps", len(users), len(groups), len(apps))
			}
			return nil
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run(seed(t))
			if tt.want == nil && err != nil {
				t.Fatalf("err = %v", err)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}

	t.Run("concurrent use", func(t *testing.T) {
		s := seed(t)
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				for range 50 {
					_ = s.AddMember(ctx, "g1", "u1")
					_, _ = s.ListMembers(ctx, "g1")
					_ = s.RemoveMember(ctx, "g1", "u1")
					_ = s.PutAppUser(ctx, AppUser{AppID: "a1", UserID: "u2", Created: now})
					_, _ = s.ListUsers(ctx)
				}
			})
		}
		wg.Wait()
	})
}

func TestMemoryStore(t *testing.T) {
	testStore(t, func() Store { return NewMemoryStore() })
}
