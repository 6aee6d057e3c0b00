package console

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/idpsim/idpsim/simulator/okta"
)

func TestPages(t *testing.T) {
	e := newEnv(t)
	e.signIn()
	cases := []struct {
		name, path string
		want       []string
		hostile    bool
	}{
		{"dashboard", "/", []string{"Dashboard", "Cast AI"}, false},
		{"people", "/people", []string{"Maya", "mallory@example.com"}, true},
		{"people search", "/people?q=nina", []string{"nina.petrova@example.com"}, false},
		{"person", "/people/" + e.hostileUser, []string{"More Actions", "Deactivate"}, true},
		{"groups", "/groups", []string{"Platform", "Finance"}, true},
		{"group", "/groups/" + e.hostileGroup, []string{"Assign people", "mallory"}, true},
		{"apps", "/apps", []string{"Cast AI", demoApp}, false},
		{
			"provisioning", "/apps/" + demoApp + "/provisioning",
			[]string{"Test API Credentials", "Push Groups", "Create Users"},
			false,
		},
		{
			"assignments", "/apps/" + demoApp + "/assignments",
			[]string{"Assign to Groups", "PROVISIONED", "Platform"},
			true,
		},
		{
			"app user", "/apps/" + demoApp + "/assignments/people/" + maya,
			[]string{"maya.okafor@example.com", "Given name"},
			false,
		},
		{"push groups", "/apps/" + demoApp + "/push?q=", []string{
			"Pushed groups", "Finance",
			"Create Group", "Link Group", hostileSafe,
		}, true},
		{
			"unlink", "/apps/" + demoApp + "/push/" + e.mappingOf(finance) + "/unlink",
			[]string{"Delete the group in the target app", "Leave the group"},
			false,
		},
		{"tasks", "/apps/" + demoApp + "/tasks", []string{"Errors and tasks"}, false},
		{"traffic", "/traffic", []string{"POST", "/Groups", "Download HAR"}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { e.CheckPage(t, Prefix+tc.path, tc.want, tc.hostile) })
	}
}

// pushMapping returns the push mapping of a group in the demo app.
func (e *env) pushMapping(groupID string) (okta.PushMappingView, bool) {
	e.t.Helper()
	ms, err := e.sim.PushMappings(context.Background(), demoApp)
	if err != nil {
		e.t.Fatalf("list push mappings: %v", err)
	}
	for _, m := range ms {
		if m.SourceGroupID == groupID {
			return m, true
		}
	}
	return okta.PushMappingView{}, false
}

// mappingOf returns the id of the push mapping of a group in the demo app,
// or "missing".
func (e *env) mappingOf(groupID string) string {
	e.t.Helper()
	if m, ok := e.pushMapping(groupID); ok {
		return m.ID
	}
	return "missing"
}

func TestNotFoundPages(t *testing.T) {
	e := newEnv(t)
	e.signIn()
	for _, path := range []string{
		"/people/00unope", "/groups/00gnope", "/apps/0oanope/provisioning",
		"/apps/" + demoApp + "/push/nope/unlink", "/nowhere",
	} {
		if status, body := e.Get(Prefix + path); status != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404:\n%s", path, status, body)
		}
	}
}

func TestSignIn(t *testing.T) {
	e := newEnv(t)
	resp, err := e.Client.Get(e.srv.URL + Prefix + "/people")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther ||
		got != Prefix+"/signin?next=%2Fadmin%2Fpeople" {
		t.Fatalf("signed-out GET redirects to %q", got)
	}
	if status, _ := e.Post(Prefix+"/groups", url.Values{"name": {"x"}}, true); status !=
		http.StatusUnauthorized {
		t.Fatalf("signed-out POST: %d, want 401", status)
	}
	if status, _ := e.Post(Prefix+"/signin", url.Values{"token": {"wrong"}}, true); status !=
		http.StatusUnauthorized {
		t.Fatalf("wrong token: %d, want 401", status)
	}
	status, loc := e.Post(Prefix+"/signin", url.Values{
		"token": {testToken}, "next": {"//evil.example/x"},
	}, true)
	if status != http.StatusSeeOther || loc != Prefix+"/" {
		t.Fatalf("sign in with a foreign next: %d to %q, want %s/", status, loc, Prefix)
	}
	if status, _ := e.Get(Prefix + "/people"); status != http.StatusOK {
		t.Fatalf("signed-in GET: %d", status)
	}
	e.Post(Prefix+"/signout", nil, true)
	if status, _ := e.Get(Prefix + "/people"); status != http.StatusSeeOther {
		t.Fatalf("GET after sign-out: %d, want a redirect to sign in", status)
	}
}
