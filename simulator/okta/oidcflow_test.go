package okta

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/idpsim/idpsim/fixtures"
	"github.com/idpsim/idpsim/simulator/okta/oidc"
)

const flowRedirect = "http://127.0.0.1:9/callback"

// signIn runs the authorization code flow as a browser would and returns
// the redirect it ends on.
func signIn(t *testing.T, e *env, login, password string) *url.URL {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	q := url.Values{
		"client_id": {"console"}, "response_type": {"code"}, "scope": {"openid"},
		"redirect_uri": {flowRedirect}, "state": {"st"}, "nonce": {"n"},
	}
	resp, err := browser.Get(e.srv.URL + oidc.PathAuthorize + "?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	form, ok := oidc.ParseSignInForm(string(page))
	if !ok {
		t.Fatalf("no sign-in form: %d %s", resp.StatusCode, page)
	}
	fields := form.Hidden
	fields.Set(oidc.FieldUsername, login)
	fields.Set(oidc.FieldPassword, password)
	resp, err = browser.PostForm(e.srv.URL+form.Action, fields)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := resp.Location()
	if err != nil {
		t.Fatalf("sign-in answered %d without a redirect", resp.StatusCode)
	}
	return loc
}

// TestOIDCFlowHonoursAssignmentsAndDeactivation signs in through the
// mounted provider: an assigned user gets tokens, an unassigned one is
// refused, and deactivating the user in the admin API revokes its tokens.
func TestOIDCFlowHonoursAssignmentsAndDeactivation(t *testing.T) {
	e := newEnv(t)
	doc := &fixtures.Document{
		Users: []fixtures.User{
			{ID: "00uinside00000000001", Password: "pw-in", Profile: fixtures.Profile{
				Login: "in@example.com", Email: "in@example.com", FirstName: "In", LastName: "Side",
			}},
			{ID: "00uoutside0000000002", Password: "pw-out", Profile: fixtures.Profile{
				Login: "out@example.com", Email: "out@example.com",
			}},
		},
		Groups: []fixtures.Group{{
			ID: "00gcrew0000000000001", Name: "Crew",
			Members: []string{"00uinside00000000001"},
		}},
		OIDCClients: []fixtures.OIDCClient{{
			ID: "0oaconsole0000000001", ClientID: "console",
			ClientSecret: "console-secret", RedirectURIs: []string{flowRedirect},
			Groups: []string{"00gcrew0000000000001"},
		}},
	}
	if err := e.sim.LoadFixture(doc); err != nil {
		t.Fatal(err)
	}

	if loc := signIn(t, e, "out@example.com", "pw-out"); loc.Query().Get("error") != "access_denied" {
		t.Errorf("unassigned user redirected to %s, want access_denied", loc)
	}
	loc := signIn(t, e, "in@example.com", "pw-in")
	code := loc.Query().Get("code")
	if code == "" {
		t.Fatalf("assigned user redirected to %s, want a code", loc)
	}

	var tok struct {
		AccessToken string `json:"access_token"`
		IDToken     string `json:"id_token"`
	}
	clientCall(t, e, oidc.PathToken, url.Values{
		"grant_type": {"authorization_code"},
		"code":       {code}, "redirect_uri": {flowRedirect},
	}, &tok)
	if tok.AccessToken == "" || tok.IDToken == "" {
		t.Fatalf("token response without tokens: %+v", tok)
	}
	var intro struct {
		Active bool `json:"active"`
	}
	clientCall(t, e, oidc.PathIntrospect, url.Values{"token": {tok.AccessToken}}, &intro)
	if !intro.Active {
		t.Fatal("fresh access token is not active")
	}
	e.lifecycle("00uinside00000000001", "deactivate")
	clientCall(t, e, oidc.PathIntrospect, url.Values{"token": {tok.AccessToken}}, &intro)
	if intro.Active {
		t.Error("access token still active after the user was deactivated")
	}
}

func clientCall(t *testing.T, e *env, path string, form url.Values, out any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth("console", "console-secret")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: status %d", path, resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		t.Fatal(err)
	}
}
