package robustness

import (
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"

	"github.com/idpsim/idpsim/fixtures"
	"github.com/idpsim/idpsim/scim"
)

// concurrently runs f(i) for i in [0, n) on n goroutines released together.
func concurrently(n int, f func(i int)) {
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			f(i)
		}()
	}
	close(start)
	wg.Wait()
}

// status sends one request from any goroutine and returns its status, 0
// (with the test marked failed) when it could not be sent.
func status(t *testing.T, st *stack, method, url string, h http.Header, body []byte) int {
	t.Helper()
	r, err := st.do(method, url, h, body)
	if err != nil {
		t.Error(err)
		return 0
	}
	return r.status
}

// createSCIMUsers creates n users over SCIM and returns their ids.
func createSCIMUsers(t *testing.T, st *stack, prefix string, n int) []string {
	t.Helper()
	ids := make([]string, n)
	for i := range ids {
		var u scim.User
		decode(t, st.scim(t, "POST", "/Users", map[string]any{
			"schemas":  []string{scim.SchemaUser},
			"userName": fmt.Sprintf("%s%02d@example.com", prefix, i),
		}), http.StatusCreated, &u)
		ids[i] = u.ID
	}
	return ids
}

func groupMembers(t *testing.T, st *stack, id string) []string {
	t.Helper()
	var g scim.Group
	decode(t, st.scim(t, "GET", "/Groups/"+id, nil), http.StatusOK, &g)
	out := make([]string, 0, len(g.Members))
	for _, m := range g.Members {
		out = append(out, m.Value)
	}
	slices.Sort(out)
	return out
}

// TestConcurrentMemberPatches sends 50 PATCHes at once, each adding a
// different member to one group that already has members: the group must
// end with exactly its old members and the 50 new ones.
func TestConcurrentMemberPatches(t *testing.T) {
	st := newStack(t, stackOptions{})
	old := createSCIMUsers(t, st, "old", 5)
	added := createSCIMUsers(t, st, "new", 50)
	members := []map[string]string{}
	for _, id := range old {
		members = append(members, map[string]string{"value": id})
	}
	var g scim.Group
	decode(t, st.scim(t, "POST", "/Groups", map[string]any{
		"schemas": []string{scim.SchemaGroup}, "displayName": "Crowded", "members": members,
	}), http.StatusCreated, &g)

	statuses := make([]int, len(added))
	concurrently(len(added), func(i int) {
		patch := scim.NewPatch(scim.PatchOperation{
			Op: "add", Path: "members",
			Value: []byte(`[{"value":"` + added[i] + `"}]`),
		})
		statuses[i] = st.scim(t, "PATCH", "/Groups/"+g.ID, patch).status
	})

	for i, s := range statuses {
		if s != http.StatusOK && s != http.StatusNoContent {
			t.Errorf("PATCH %d answered %d, want 200 or 204", i, s)
		}
	}
	want := slices.Concat(old, added)
	slices.Sort(want)
	if got := groupMembers(t, st, g.ID); !slices.Equal(got, want) {
		t.Errorf("group has %d members, want %d (%d old + %d added): %s", len(got), len(want),
			len(old), len(added), firstMismatch(got, want))
	}
}

// TestConcurrentIfMatch sends 20 PUTs at once, all with the If-Match of the
// same version, to a user and to a group: exactly one may win (RFC 7644
// §3.14), every other must get 412, and the winner's write must be the one
// stored.
func TestConcurrentIfMatch(t *testing.T) {
	st := newStack(t, stackOptions{})
	userID := createSCIMUsers(t, st, "etag", 1)[0]
	var g scim.Group
	decode(t, st.scim(t, "POST", "/Groups", map[string]any{
		"schemas": []string{scim.SchemaGroup}, "displayName": "Versioned",
	}), http.StatusCreated, &g)

	tests := []struct {
		name string
		path string
		body func(i int) map[string]any
		read func(r reply) string // the written value as stored
	}{
		{"user", "/Users/" + userID, func(i int) map[string]any {
			return map[string]any{
				"schemas":  []string{scim.SchemaUser},
				"userName": "etag00@example.com", "displayName": fmt.Sprintf("writer %d", i),
			}
		}, func(r reply) string {
			var u scim.User
			decode(t, r, http.StatusOK, &u)
			return u.DisplayName
		}},
		{"group", "/Groups/" + g.ID, func(i int) map[string]any {
			return map[string]any{
				"schemas":     []string{scim.SchemaGroup},
				"displayName": fmt.Sprintf("writer %d", i),
			}
		}, func(r reply) string {
			var got scim.Group
			decode(t, r, http.StatusOK, &got)
			return got.DisplayName
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			etag := st.scim(t, "GET", tt.path, nil).header.Get("ETag")
			if etag == "" {
				t.Fatal("GET answered no ETag")
			}
			statuses := make([]int, 20)
			concurrently(len(statuses), func(i int) {
				h := http.Header{
					"Authorization": {"Bearer " + st.scimToken},
					"Content-Type":  {scim.ContentType}, "If-Match": {etag},
				}
				statuses[i] = status(t, st, "PUT", st.castURL+"/scim/v2"+tt.path, h,
					encode(t, tt.body(i)))
			})

			winner, lost := -1, 0
			for i, s := range statuses {
				switch s {
				case http.StatusOK:
					if winner >= 0 {
						t.Errorf("PUTs %d and %d both won with If-Match %s", winner, i, etag)
					}
					winner = i
				case http.StatusPreconditionFailed:
					lost++
				default:
					t.Errorf("PUT %d answered %d, want 200 or 412", i, s)
				}
			}
			if winner < 0 || lost != len(statuses)-1 {
				t.Fatalf("%d won and %d got 412, want 1 and %d", len(statuses)-lost, lost,
					len(statuses)-1)
			}
			if got, want := tt.read(st.scim(t, "GET", tt.path, nil)), fmt.Sprintf("writer %d",
				winner); got != want {
				t.Errorf("stored %q, want the winner's %q", got, want)
			}
		})
	}
}

// TestConcurrentOktaMemberships adds 50 users to one pushed Okta group at
// once through idpsim's admin API: after the pushes, castsim's group must
// hold exactly those 50 users.
func TestConcurrentOktaMemberships(t *testing.T) {
	st := newStack(t, stackOptions{})
	doc := fixtures.Generate(fixtures.GenerateOptions{
		Seed: 50, Users: 50, Groups: 1,
		App: &fixtures.AppOptions{
			BaseURL: st.castURL + "/scim/v2", Token: st.scimToken,
			AssignAllUsers: true, PushAllGroups: true,
		},
	})
	doc.Groups[0].Members = nil
	if err := st.sim.LoadFixture(doc); err != nil {
		t.Fatalf("load fixture: %v", err)
	}
	st.wait(t)

	statuses := make([]int, len(doc.Users))
	concurrently(len(doc.Users), func(i int) {
		statuses[i] = status(t, st, "PUT", st.idpURL+"/api/v1/groups/"+doc.Groups[0].ID+
			"/users/"+doc.Users[i].ID, http.Header{"Authorization": {"SSWS " + st.adminToken}}, nil)
	})
	for i, s := range statuses {
		if s != http.StatusNoContent {
			t.Errorf("add member %d answered %d, want 204", i, s)
		}
	}
	st.wait(t)

	for _, u := range doc.Users {
		doc.Groups[0].Members = append(doc.Groups[0].Members, u.ID)
	}
	compareTargets(t, expectedTarget(doc), readTarget(t, st))
}
