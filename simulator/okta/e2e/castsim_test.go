// Package e2e runs idpsim against castsim in one process. It is a package
// of its own so that the simulator's unit tests build without castsim.
package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/idpsim/idpsim/fixtures"
	"github.com/idpsim/idpsim/scim"
	"github.com/idpsim/idpsim/simulator/castai"
	"github.com/idpsim/idpsim/simulator/okta"
)

func newSim(tb testing.TB) *okta.Sim {
	tb.Helper()
	sim, err := okta.New(okta.Config{AdminToken: "e2e-admin-token", TimeScale: 0.001})
	if err != nil {
		tb.Fatalf("idpsim: %v", err)
	}
	tb.Cleanup(func() { _ = sim.Close() })
	return sim
}

// TestDemoFixtureProvisionsCastsim loads the shipped demo org against an
// in-process castsim and checks that castsim holds every assigned active user
// and every pushed group with the right members.
func TestDemoFixtureProvisionsCastsim(t *testing.T) {
	const scimToken = "e2e-scim-token"
	cast, err := castai.New(castai.Config{SCIMToken: scimToken, APIKey: "e2e-api-key"})
	if err != nil {
		t.Fatalf("castsim: %v", err)
	}
	castSrv := httptest.NewServer(cast.Handler())
	t.Cleanup(castSrv.Close)
	env := map[string]string{
		"CASTSIM_SCIM_URL":   castSrv.URL + "/scim/v2",
		"CASTSIM_SCIM_TOKEN": scimToken,
	}
	doc, err := fixtures.ParseEnv(fixtures.DemoYAML, func(k string) (string, bool) {
		v, ok := env[k]
		return v, ok
	})
	if err != nil {
		t.Fatalf("parse demo fixture: %v", err)
	}

	sim := newSim(t)
	if err := sim.LoadFixture(doc); err != nil {
		t.Fatalf("load fixture: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := sim.Wait(ctx, ""); err != nil {
		t.Fatalf("wait: %v", err)
	}
	tasks, err := sim.ListTasks(ctx, "")
	if err != nil || len(tasks) != 0 {
		t.Fatalf("provisioning failed: %v %+v", err, tasks)
	}

	app := doc.Apps[0]
	wantUsers, wantGroups := expectedDemo(doc, app)
	if len(wantUsers) == 0 || len(wantGroups) == 0 {
		t.Fatal("the demo fixture assigns or pushes nothing")
	}
	t.Logf("expecting %d users and %d groups", len(wantUsers), len(wantGroups))
	gotUsers, idToName := castsimUsers(t, castSrv.URL, scimToken)
	for _, login := range wantUsers {
		if !slices.Contains(gotUsers, login) {
			t.Errorf("castsim lacks assigned user %s", login)
		}
	}
	if len(gotUsers) != len(wantUsers) {
		t.Errorf("castsim has %d users, want %d: %v", len(gotUsers), len(wantUsers), gotUsers)
	}
	gotGroups := castsimGroups(t, castSrv.URL, scimToken, idToName)
	for name, members := range wantGroups {
		got, ok := gotGroups[name]
		if !ok {
			t.Errorf("castsim lacks pushed group %s", name)
			continue
		}
		if !slices.Equal(got, members) {
			t.Errorf("group %s members = %v, want %v", name, got, members)
		}
	}
}

// expectedDemo works out from the fixture itself which logins an app
// provisions and which members each pushed group gets.
func expectedDemo(doc *fixtures.Document, app fixtures.App) ([]string, map[string][]string) {
	login, active := map[string]string{}, map[string]bool{}
	for _, u := range doc.Users {
		login[u.ID] = u.Profile.Login
		active[u.ID] = u.Status == "" || u.Status == okta.StatusActive
	}
	members := map[string][]string{}
	names := map[string]string{}
	for _, g := range doc.Groups {
		members[g.ID], names[g.ID] = g.Members, g.Name
	}
	assigned := map[string]bool{}
	for _, ua := range app.Assignments.Users {
		assigned[ua.ID] = active[ua.ID]
	}
	for _, gid := range app.Assignments.Groups {
		for _, uid := range members[gid] {
			assigned[uid] = active[uid]
		}
	}
	var users []string
	for uid, ok := range assigned {
		if ok {
			users = append(users, login[uid])
		}
	}
	groups := map[string][]string{}
	for _, pm := range app.PushMappings {
		name := pm.TargetGroupName
		if name == "" {
			name = names[pm.SourceGroupID]
		}
		list := []string{}
		for _, uid := range members[pm.SourceGroupID] {
			if assigned[uid] {
				list = append(list, login[uid])
			}
		}
		slices.Sort(list)
		groups[name] = list
	}
	return users, groups
}

func scimList(t *testing.T, url, token string) []json.RawMessage {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url+"?startIndex=1&count=1000", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("list %s: %v", url, err)
	}
	defer resp.Body.Close()
	var page scim.ListResponse
	if err := json.NewDecoder(resp.Body).Decode(&page); err != nil {
		t.Fatalf("decode %s: %v", url, err)
	}
	return page.Resources
}

func castsimUsers(t *testing.T, base, token string) ([]string, map[string]string) {
	t.Helper()
	var names []string
	idToName := map[string]string{}
	for _, raw := range scimList(t, base+"/scim/v2/Users", token) {
		var u scim.User
		if err := json.Unmarshal(raw, &u); err != nil {
			t.Fatal(err)
		}
		names = append(names, u.UserName)
		idToName[u.ID] = u.UserName
	}
	return names, idToName
}

func castsimGroups(t *testing.T, base, token string,
	idToName map[string]string,
) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, raw := range scimList(t, base+"/scim/v2/Groups", token) {
		var g scim.Group
		if err := json.Unmarshal(raw, &g); err != nil {
			t.Fatal(err)
		}
		list := []string{}
		for _, m := range g.Members {
			list = append(list, idToName[m.Value])
		}
		slices.Sort(list)
		out[g.DisplayName] = list
	}
	return out
}
