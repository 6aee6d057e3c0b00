package robustness

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/idpsim/idpsim/fixtures"
	"github.com/idpsim/idpsim/simulator/okta/oidc"
)

// TestSecretsStayHidden drives a lifecycle through every place a secret
// passes: user passwords, an app's SCIM token (changed, wrong, restored),
// failed and faulted pushes with their journal and tasks, an SSO connection's
// client secret, a SCIM token issued by turning sync on, and an OIDC code
// flow with a client secret and the tokens it issues. No answer may show a
// secret except the one answer that issues it, and no log line of either
// server may hold any of them.
func TestSecretsStayHidden(t *testing.T) {
	st := newStack(t, stackOptions{journalSize: 10000})
	w := &secretWatch{st: st, extra: map[string]string{}}
	doc := secretOrg(st, w)
	if err := st.sim.LoadFixture(doc); err != nil {
		t.Fatalf("load fixture: %v", err)
	}
	st.wait(t)

	oktaSecrets(t, st, w, doc)
	castsimSecrets(t, st, w)
	oidcSecrets(t, st, w, doc)

	logs := st.logs.String()
	for _, name := range st.leaked(logs, w.extra) {
		t.Errorf("the logs hold the %s", name)
	}
	lines := strings.Count(logs, "\n")
	if lines < 50 {
		t.Fatalf("only %d log lines: debug logging did not reach the servers", lines)
	}
	t.Logf("secrets: %d secrets followed through %d answers and %d log lines", len(w.extra)+
		len(st.secrets()), w.answers, lines)
}

// secretOrg is a small org whose users have passwords and which has an OIDC
// client with a secret.
func secretOrg(st *stack, w *secretWatch) *fixtures.Document {
	doc := fixtures.Generate(fixtures.GenerateOptions{
		Seed: 11, Users: 4, Groups: 2, MembershipsPerUser: 1,
		App: &fixtures.AppOptions{
			BaseURL: st.castURL + "/scim/v2", Token: st.scimToken,
			AssignAllUsers: true, PushAllGroups: true,
		},
	})
	for i := range doc.Users {
		doc.Users[i].Password = secret("pw")
		w.add("password of "+doc.Users[i].Profile.Login, doc.Users[i].Password)
	}
	doc.OIDCClients = []fixtures.OIDCClient{{
		ID: fixtures.GeneratedID(fixtures.AppIDPrefix, 1), ClientID: "castsim-console",
		ClientSecret: secret("oidc"), RedirectURIs: []string{"http://127.0.0.1:9/cb"},
		Users: []string{doc.Users[0].ID},
	}}
	w.add("OIDC client secret", doc.OIDCClients[0].ClientSecret)
	return doc
}

// oktaSecrets covers idpsim's admin API: a user created with a password,
// the app's SCIM token changed to one the target refuses and restored, and
// pushes under lost responses and 401s, read back through journal and tasks.
func oktaSecrets(t *testing.T, st *stack, w *secretWatch, doc *fixtures.Document) {
	t.Helper()
	app := "/api/v1/apps/" + doc.Apps[0].ID
	pw := secret("pw")
	w.add("created user's password", pw)
	var u struct{ ID string }
	r := st.okta(t, "POST", "/api/v1/users?activate=true", map[string]any{
		"profile": map[string]string{
			"login": "newbie@example.com", "email": "newbie@example.com",
			"firstName": "New", "lastName": "Bie",
		},
		"credentials": map[string]any{"password": map[string]string{"value": pw}},
	})
	w.check(t, "create user", r)
	decode(t, r, http.StatusOK, &u)
	w.check(t, "read user", st.okta(t, "GET", "/api/v1/users/"+u.ID, nil))
	w.check(t, "list users", st.okta(t, "GET", "/api/v1/users", nil))

	wrong := secret("apptoken")
	w.add("app token the target refuses", wrong)
	w.check(t, "set connection", st.okta(t, "POST", app+"/connections/default",
		connection(st, wrong)))
	w.check(t, "read connection", st.okta(t, "GET", app+"/connections/default", nil))
	w.check(t, "assign user", st.okta(t, "POST", app+"/users",
		map[string]any{"id": u.ID, "scope": "USER"}))
	st.wait(t)

	w.check(t, "restore connection", st.okta(t, "POST", app+"/connections/default",
		connection(st, st.scimToken)))
	rules := []map[string]any{
		{"method": "GET", "count": 2, "action": "lose-response"},
		{"method": "PUT", "count": 1, "action": "status", "status": 401},
	}
	w.check(t, "set faults", st.okta(t, "PUT", "/_sim/faults/"+doc.Apps[0].ID,
		map[string]any{"rules": rules}))
	w.check(t, "update user", st.okta(t, "POST", "/api/v1/users/"+doc.Users[1].ID,
		map[string]any{"profile": map[string]string{"title": "Chief Tester"}}))
	w.check(t, "retry tasks", st.okta(t, "POST", "/_sim/tasks/retry", nil))
	st.wait(t)
	for _, p := range []string{
		"/_sim/tasks", "/_sim/journal", "/_sim/journal?format=har",
		app + "/users", "/api/v1/apps",
	} {
		w.check(t, "GET "+p, st.okta(t, "GET", p, nil))
	}
}

func connection(st *stack, token string) map[string]any {
	return map[string]any{
		"baseUrl": st.castURL + "/scim/v2",
		"profile": map[string]string{"authScheme": "TOKEN", "token": token},
	}
}

// castsimSecrets covers castsim's console: an SSO connection created and
// updated with client secrets, sync turned on (the answer shows the new
// SCIM token once), and SCIM calls with that token and a wrong one.
func castsimSecrets(t *testing.T, st *stack, w *secretWatch) {
	t.Helper()
	cs := secret("cs")
	w.add("second SSO client secret", cs)
	okta := map[string]string{"oktaDomain": st.idpURL, "clientId": "second", "clientSecret": cs}
	r := st.console(t, "POST", "/v1/sso-connections", map[string]any{
		"name": "Second", "emailDomain": "example.org", "okta": okta,
	})
	w.check(t, "create SSO connection", r)
	var conn struct{ ID string }
	decode(t, r, http.StatusOK, &conn)

	r = st.console(t, "POST", "/v1/sso-connections/"+conn.ID+"/sync", map[string]bool{"sync": true})
	var synced struct {
		Token struct{ Token string } `json:"token"`
	}
	decode(t, r, http.StatusOK, &synced)
	if synced.Token.Token == "" {
		t.Fatalf("turning sync on showed no token: %s", r)
	}
	w.add("issued SCIM token", synced.Token.Token)
	w.check(t, "turn sync on", r, "issued SCIM token")

	cs2 := secret("cs")
	w.add("third SSO client secret", cs2)
	okta["clientSecret"] = cs2
	w.check(t, "update SSO connection", st.console(t, "POST", "/v1/sso-connections/"+conn.ID,
		map[string]any{"name": "Second, renamed", "okta": okta}))
	w.check(t, "read SSO connection", st.console(t, "GET", "/v1/sso-connections/"+conn.ID, nil))
	w.check(t, "list SSO connections", st.console(t, "GET", "/v1/sso-connections", nil))

	for name, token := range map[string]string{"issued": synced.Token.Token, "wrong": cs2} {
		h := http.Header{"Authorization": {"Bearer " + token}}
		w.check(t, "SCIM with the "+name+" token",
			st.send(t, "GET", st.castURL+"/scim/v2/Users?filter=userName%20pr", h, nil))
	}
}

// oidcSecrets signs a user in through idpsim's OIDC provider, trades the
// code with the client secret, and uses, introspects and revokes the token.
func oidcSecrets(t *testing.T, st *stack, w *secretWatch, doc *fixtures.Document) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar, Timeout: time.Minute, CheckRedirect: noRedirects}
	client := doc.OIDCClients[0]
	q := url.Values{
		"client_id": {client.ClientID}, "response_type": {"code"},
		"scope": {"openid profile email"}, "redirect_uri": {client.RedirectURIs[0]},
		"state": {"st4te"}, "nonce": {"n0nce"},
	}
	page := browse(t, browser, "GET", st.idpURL+"/oauth2/v1/authorize?"+q.Encode(), nil)
	w.check(t, "authorize", page)
	form, ok := oidc.ParseSignInForm(string(page.body))
	if !ok {
		t.Fatalf("authorize answered no sign-in form: %s", page)
	}
	login := doc.Users[0].Profile.Login
	r := browse(t, browser, "POST", st.idpURL+form.Action,
		form.Values(login, doc.Users[0].Password))
	w.check(t, "sign in", r)
	loc, err := url.Parse(r.header.Get("Location"))
	if err != nil || loc.Query().Get("code") == "" {
		t.Fatalf("sign-in did not redirect with a code: %s (Location %q)", r,
			r.header.Get("Location"))
	}
	w.add("authorization code", loc.Query().Get("code"))

	basic := url.Values{"client_id": {client.ClientID}, "client_secret": {client.ClientSecret}}
	tokenForm := url.Values{
		"grant_type": {"authorization_code"}, "code": {loc.Query().Get("code")},
		"redirect_uri": {client.RedirectURIs[0]},
	}
	for k, v := range basic {
		tokenForm[k] = v
	}
	r = browse(t, browser, "POST", st.idpURL+"/oauth2/v1/token", tokenForm)
	var tokens struct {
		AccessToken string `json:"access_token"`
		IDToken     string `json:"id_token"`
	}
	decode(t, r, http.StatusOK, &tokens)
	w.add("access token", tokens.AccessToken)
	w.add("ID token", tokens.IDToken)
	w.check(t, "token", r, "access token", "ID token", "authorization code")

	h := http.Header{"Authorization": {"Bearer " + tokens.AccessToken}}
	w.check(t, "userinfo", st.send(t, "GET", st.idpURL+"/oauth2/v1/userinfo", h, nil))
	withToken := url.Values{"token": {tokens.AccessToken}}
	for k, v := range basic {
		withToken[k] = v
	}
	for _, p := range []string{"/oauth2/v1/introspect", "/oauth2/v1/revoke"} {
		w.check(t, p, browse(t, browser, "POST", st.idpURL+p, withToken))
	}
}

// browse sends a form (or nothing) with a browser's cookie jar.
func browse(t *testing.T, hc *http.Client, method, u string, form url.Values) reply {
	t.Helper()
	var body *strings.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	} else {
		body = strings.NewReader("")
	}
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		t.Fatalf("build %s %s: %v", method, u, err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, u, err)
	}
	defer resp.Body.Close()
	var buf strings.Builder
	if _, err := io.Copy(&buf, resp.Body); err != nil {
		t.Fatalf("read %s %s: %v", method, u, err)
	}
	return reply{status: resp.StatusCode, header: resp.Header, body: []byte(buf.String())}
}
