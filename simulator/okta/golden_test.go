package okta

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// goldenHeaders are the request headers the golden files pin.
var goldenHeaders = []string{
	"Accept", "Accept-Charset", "Authorization", "Content-Type",
	"User-Agent",
}

var passwordField = regexp.MustCompile(`"password":"[^"]*"`)

// goldenStep is one admin action and the name it has in the golden file.
type goldenStep struct {
	name string
	act  func(e *env, w *goldenWorld)
}

type goldenWorld struct {
	app, team, mapping string
}

const (
	annID = "00uann00000000000001"
	bobID = "00ubob00000000000002"
	cyID  = "00ucy000000000000003"
)

var goldenSteps = []goldenStep{
	{"save the provisioning connection (connection test)", func(e *env, w *goldenWorld) {
		w.app = e.createApp(e.profile)
	}},
	{"assign group Team (Ann, Bob)", func(e *env, w *goldenWorld) {
		e.must(http.StatusOK, "PUT", "/api/v1/apps/"+w.app+"/groups/"+w.team, map[string]any{}, nil)
	}},
	{"Push Groups: create group Team", func(e *env, w *goldenWorld) {
		w.mapping = e.pushGroup(w.app, w.team, "Team")
	}},
	{"assign Cy directly with an app-user title", func(e *env, w *goldenWorld) {
		e.must(http.StatusOK, "POST", "/api/v1/apps/"+w.app+"/users", map[string]any{
			"id": cyID, "scope": "USER", "profile": map[string]any{"title": "Contractor"},
		}, nil)
	}},
	{"add Cy to Team", func(e *env, w *goldenWorld) { e.addMember(w.team, cyID) }},
	{"change Ann's title", func(e *env, w *goldenWorld) {
		e.must(http.StatusOK, "POST", "/api/v1/users/"+annID,
			map[string]any{"profile": map[string]any{"title": "Principal Engineer"}}, nil)
	}},
	{"remove Bob from Team", func(e *env, w *goldenWorld) {
		e.must(http.StatusNoContent, "DELETE", "/api/v1/groups/"+w.team+"/users/"+bobID, nil, nil)
	}},
	{"deactivate Ann", func(e *env, w *goldenWorld) { e.lifecycle(annID, "deactivate") }},
	{"reactivate Ann", func(e *env, w *goldenWorld) { e.lifecycle(annID, "activate") }},
	{"rename Team to Crew", func(e *env, w *goldenWorld) {
		e.must(http.StatusOK, "PUT", "/api/v1/groups/"+w.team,
			map[string]any{"profile": map[string]any{"name": "Crew"}}, nil)
	}},
	{"Push Now", func(e *env, w *goldenWorld) {
		e.must(http.StatusOK, "POST", "/api/v1/apps/"+w.app+"/group-push/mappings/"+w.mapping+
			"/push", nil, nil)
	}},
	{"deactivate then activate the mapping", func(e *env, w *goldenWorld) {
		e.mappingStatus(lifecycleWorld{app: w.app, mapping: w.mapping}, "INACTIVE")
		e.mappingStatus(lifecycleWorld{app: w.app, mapping: w.mapping}, "ACTIVE")
	}},
	{"unlink, deleting the target group", func(e *env, w *goldenWorld) {
		lw := lifecycleWorld{app: w.app, mapping: w.mapping}
		e.mappingStatus(lw, "INACTIVE")
		e.must(http.StatusNoContent, "DELETE", "/api/v1/apps/"+w.app+"/group-push/mappings/"+
			w.mapping+"?deleteTargetGroup=true", nil, nil)
	}},
}

// TestGoldenRequests pins the exact SCIM requests, headers and bodies each
// admin action sends, per client profile. Run with -update to rewrite.
func TestGoldenRequests(t *testing.T) {
	for _, profile := range []string{ProfileOIN, ProfileAIW} {
		t.Run(profile, func(t *testing.T) {
			// One worker keeps the order of independent steps stable.
			e := newEnv(t, func(c *Config) { c.Workers = 1 })
			e.profile = profile
			w := &goldenWorld{}
			ctx := context.Background()
			for _, u := range []struct{ id, first, last string }{
				{annID, "Ann", "Lee"}, {bobID, "Bob", "Ray"}, {cyID, "Cy", "Fox"},
			} {
				login := strings.ToLower(u.first) + "@example.com"
				if _, err := e.sim.CreateUser(ctx, NewUser{
					ID: u.id, Status: StatusActive,
					Profile: Profile{
						"login": login, "email": login, "firstName": u.first,
						"lastName": u.last, "displayName": u.first + " " + u.last,
						"title": "Engineer", "mobilePhone": "+1 555 0100", "locale": "en_US",
					},
				}); err != nil {
					t.Fatal(err)
				}
			}
			g, err := e.sim.CreateGroup(ctx, NewGroup{ID: "00gteam0000000000001", Name: "Team"})
			if err != nil {
				t.Fatal(err)
			}
			w.team = g.ID
			for _, uid := range []string{annID, bobID} {
				if err := e.sim.AddMember(ctx, w.team, uid); err != nil {
					t.Fatal(err)
				}
			}

			var b strings.Builder
			for _, st := range goldenSteps {
				mark := e.tg.mark()
				st.act(e, w)
				e.wait()
				fmt.Fprintf(&b, "### %s\n\n", st.name)
				for _, r := range e.tg.requests()[mark:] {
					writeGolden(&b, r)
				}
			}
			compareGolden(t, filepath.Join("testdata", "requests-"+profile+".txt"), b.String())
		})
	}
}

func writeGolden(b *strings.Builder, r recorded) {
	line := r.Method + " " + r.Path
	if r.Query != "" {
		line += "?" + r.Query
	}
	fmt.Fprintln(b, line)
	for _, h := range goldenHeaders {
		if v := r.Header.Get(h); v != "" {
			fmt.Fprintf(b, "%s: %s\n", h, v)
		}
	}
	if r.Raw != "" {
		fmt.Fprintln(b, passwordField.ReplaceAllString(strings.TrimSpace(r.Raw),
			`"password":"<random>"`))
	}
	fmt.Fprintln(b)
}

func compareGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run with -update to create it): %v", err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("%s differs at line %d:\n got: %s\nwant: %s", path, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("%s differs in length: got %d lines, want %d", path, len(gl), len(wl))
	}
}
