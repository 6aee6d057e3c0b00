package console

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/idpsim/idpsim/simulator/castai"
)

func TestPages(t *testing.T) {
	e := newEnv(t)
	e.signIn()
	cases := []struct {
		name, path string
		want       []string
		hostile    bool
	}{
		{"sso", "/sso", []string{"Single sign-on", "Okta", "Synced"}, false},
		{"sso drawer", "/sso/" + castai.PreSeededConnectionID, []string{
			"Default role assigned to new joiners",
			"Synchronize user groups from the IAM system to Cast AI", "required on every save",
		}, false},
		{"sso new", "/sso/new", []string{"Add SSO connection"}, false},
		{"users", "/users", []string{"mallory@example.com", "Active", "Viewer", "new joiner"}, true},
		{"user", "/users/" + e.userID, []string{"Access", "Default role for new joiners"}, true},
		{"groups", "/groups", []string{"Synced", "Create group"}, true},
		{"synced group", "/groups/" + e.synced, []string{
			"synced from your identity provider", "mallory@example.com", "Grant role",
		}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { e.CheckPage(t, Prefix+tc.path, tc.want, tc.hostile) })
	}

	// Synced groups offer no member editing; the API decides, not the page.
	_, body := e.Get(Prefix + "/groups/" + e.synced)
	if strings.Contains(body, "Add member") {
		t.Error("a synced group's page offers to add members")
	}
}

func TestSignIn(t *testing.T) {
	e := newEnv(t)
	status, loc := e.Get(Prefix + "/users")
	if status != http.StatusSeeOther || loc != Prefix+"/signin?next=%2Fconsole%2Fusers" {
		t.Fatalf("signed-out GET: %d to %q", status, loc)
	}
	_, page := e.Get(Prefix + "/signin?next=%2Fconsole%2Fusers")
	if !strings.Contains(page, `href="/v1/auth/login?return_to=%2Fconsole%2Fusers"`) {
		t.Fatalf("sign-in page lacks the SSO link back to the page asked for:\n%s", page)
	}
	if status, _ := e.Post(Prefix+"/signin", url.Values{"api_key": {"wrong"}}, true); status !=
		http.StatusUnauthorized {
		t.Fatalf("wrong key: %d, want 401", status)
	}
	e.signIn()
	if status, _ := e.Get(Prefix + "/users"); status != http.StatusOK {
		t.Fatalf("signed-in GET: %d", status)
	}
	for _, c := range e.Client.Jar.Cookies(mustURL(e.srv.URL + Prefix + "/")) {
		if strings.Contains(c.Value, apiKey) {
			t.Fatalf("cookie %s carries the API key", c.Name)
		}
	}
	e.Post(Prefix+"/signout", nil, true)
	if status, _ := e.Get(Prefix + "/users"); status != http.StatusSeeOther {
		t.Fatalf("GET after sign-out: %d, want a redirect", status)
	}
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

func TestNotFound(t *testing.T) {
	e := newEnv(t)
	e.signIn()
	for _, path := range []string{"/groups/nope", "/users/nope", "/sso/nope", "/nowhere"} {
		if status, body := e.Get(Prefix + path); status != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404:\n%s", path, status, body)
		}
	}
}
