package robustness

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/idpsim/idpsim/simulator/castai"
	castconsole "github.com/idpsim/idpsim/simulator/castai/console"
	oktaconsole "github.com/idpsim/idpsim/simulator/okta/console"
)

// csrfToken passes the consoles' double-submit CSRF check (package csrf), so
// that a refused form post shows the session check, not the CSRF one.
const csrfToken = "robustness-csrf-token-0123456789abcdef"

// csrfCookies are the consoles' CSRF cookie names.
var csrfCookies = map[string]string{
	"idpsim console": "idpsim_csrf", "castsim console": "castsim_csrf",
}

// access is how a route of a server is protected.
type access int

const (
	needsCredential access = iota // the API credential (SCIM bearer, X-API-Key, SSWS)
	needsClient                   // OAuth client authentication or an access token
	needsSession                  // a console page behind a sign-in session
	public                        // health, discovery, sign-in pages and callbacks
	mountPoint                    // forwards to a page handler tested on its own
)

// publicRoutes are the routes open to anyone, with the reason.
var publicRoutes = map[string]string{
	"castsim GET /healthz":                         "health check",
	"castsim GET /scim/v2/ServiceProviderConfig":   "SCIM discovery (RFC 7644 §4), open by design",
	"castsim GET /scim/v2/ResourceTypes":           "SCIM discovery",
	"castsim GET /scim/v2/ResourceTypes/:name":     "SCIM discovery",
	"castsim GET /scim/v2/Schemas":                 "SCIM discovery",
	"castsim GET /scim/v2/Schemas/:urn":            "SCIM discovery",
	"castsim GET /v1/auth/login":                   "SSO sign-in start",
	"castsim GET /v1/auth/callback":                "SSO sign-in callback",
	"castsim POST /v1/auth/logout":                 "sign-out",
	"idpsim GET /healthz":                          "health check",
	"idpsim GET /_sim/health":                      "health check",
	"idpsim GET /.well-known/openid-configuration": "public OIDC discovery",
	"idpsim GET /oauth2/v1/keys":                   "public OIDC JWKS",
	"idpsim GET /oauth2/v1/authorize":              "OIDC sign-in page",
	"idpsim POST /oauth2/v1/authorize":             "OIDC sign-in page",
	"idpsim POST /oauth2/v1/signin":                "OIDC sign-in form",
	"idpsim GET /oauth2/v1/logout":                 "OIDC logout",
	"idpsim POST /oauth2/v1/logout":                "OIDC logout",
}

// classify says how a route must be protected.
func classify(server, method, path string) access {
	if _, ok := publicRoutes[server+" "+method+" "+path]; ok {
		return public
	}
	if strings.HasSuffix(server, " console") {
		if strings.Contains(path, "/static/") || strings.HasSuffix(path, "/signin") ||
			strings.HasSuffix(path, "/signout") {
			return public
		}
		return needsSession
	}
	switch {
	case path == "/console" || path == "/console/*path" || path == "/admin" ||
		path == "/admin/*path":
		return mountPoint
	case strings.HasPrefix(path, "/oauth2/"):
		return needsClient
	}
	return needsCredential
}

// routeURL fills a route's parameters: the organization id where one is
// needed, a plain word elsewhere.
func routeURL(path string) string {
	parts := strings.Split(path, "/")
	for i, p := range parts {
		switch {
		case p == ":org":
			parts[i] = castai.DefaultOrgID
		case strings.HasPrefix(p, ":"), strings.HasPrefix(p, "*"):
			parts[i] = "x"
		}
	}
	return strings.Join(parts, "/")
}

// engineRoutes reads the route list of a server's Gin engine.
func engineRoutes(t *testing.T, name string, h http.Handler) gin.RoutesInfo {
	t.Helper()
	e, ok := h.(*gin.Engine)
	if !ok {
		t.Fatalf("%s's handler is a %T, not a *gin.Engine: its routes cannot be listed", name, h)
	}
	return e.Routes()
}

// TestAuthEverywhere sends every route of castsim, idpsim and their console
// pages a request without credentials and one with a wrong credential.
// Every API route but the public ones must refuse both with 401; OAuth
// endpoints must refuse a request without client authentication or access
// token with 401; a console page must send a browser without a session to
// its sign-in page, and refuse a form post (with a valid CSRF token) with
// 401. Public routes must answer without a 5xx. No answer may hold a secret.
func TestAuthEverywhere(t *testing.T) {
	st := newStack(t, stackOptions{})
	oktaPages, err := oktaconsole.New(st.sim, oktaconsole.Config{AdminToken: st.adminToken})
	if err != nil {
		t.Fatalf("idpsim console: %v", err)
	}
	st.sim.MountConsole(oktaPages)
	castPages, err := castconsole.New(castconsole.Config{API: st.cast.Handler()})
	if err != nil {
		t.Fatalf("castsim console: %v", err)
	}
	st.cast.MountConsole(castPages)
	servers := []struct {
		name string
		base string
		h    http.Handler
	}{
		{"castsim", st.castURL, st.cast.Handler()},
		{"idpsim", st.idpURL, st.sim.Handler()},
		{"castsim console", st.castURL, castPages},
		{"idpsim console", st.idpURL, oktaPages},
	}

	counts := map[access]int{}
	for _, srv := range servers {
		for _, r := range engineRoutes(t, srv.name, srv.h) {
			if r.Method == http.MethodConnect || r.Method == http.MethodTrace {
				continue
			}
			kind := classify(srv.name, r.Method, r.Path)
			counts[kind]++
			t.Run(srv.name+" "+r.Method+" "+r.Path, func(t *testing.T) {
				checkRoute(t, st, srv.name, srv.base, r.Method, r.Path, kind)
			})
		}
	}
	t.Logf("auth: %d routes need their API credential, %d need OAuth client or token "+
		"authentication, %d console pages need a session, %d are public, %d are page mounts",
		counts[needsCredential], counts[needsClient], counts[needsSession], counts[public],
		counts[mountPoint])
	if counts[needsCredential] < 60 {
		t.Errorf("only %d credential routes found; the route listing is incomplete",
			counts[needsCredential])
	}
}

func checkRoute(t *testing.T, st *stack, server, base, method, path string, kind access) {
	t.Helper()
	u := base + routeURL(path)
	var body []byte
	h := http.Header{}
	if method != http.MethodGet && method != http.MethodHead {
		body = []byte(`{}`)
		h.Set("Content-Type", "application/json")
	}
	if kind == needsSession {
		checkPage(t, st, server, method, base+routeURL(path))
		return
	}
	if kind == needsClient {
		// A well-formed OAuth request in all but its client authentication.
		body = []byte(url.Values{
			"grant_type": {"authorization_code"}, "code": {"abc"},
			"redirect_uri": {"http://127.0.0.1/cb"}, "token": {"abc"},
		}.Encode())
		h.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	bare := st.send(t, method, u, h, body)
	noSecrets(t, st, method+" "+path, bare)

	switch kind {
	case public, mountPoint:
		if bare.status >= 500 {
			t.Errorf("public route answered %s", bare)
		}
		return
	case needsClient:
		if bare.status != http.StatusUnauthorized {
			t.Errorf("without client authentication or token: %s, want 401", bare)
		}
		return
	}
	if bare.status != http.StatusUnauthorized {
		t.Errorf("without credentials: %s, want 401", bare)
	}
	wrong := h.Clone()
	switch {
	case server == "idpsim":
		wrong.Set("Authorization", "SSWS "+st.adminToken+"x")
	case strings.HasPrefix(path, "/scim/"):
		wrong.Set("Authorization", "Bearer "+st.apiKey)
	default:
		wrong.Set("X-Api-Key", st.scimToken)
	}
	r := st.send(t, method, u, wrong, body)
	noSecrets(t, st, method+" "+path, r)
	if r.status != http.StatusUnauthorized {
		t.Errorf("with a wrong credential: %s, want 401", r)
	}
}

// checkPage checks a console page without a session: a GET is sent to the
// sign-in page, a form post with a valid CSRF token is refused with 401.
func checkPage(t *testing.T, st *stack, server, method, u string) {
	t.Helper()
	h := http.Header{"Cookie": {csrfCookies[server] + "=" + csrfToken}}
	var body []byte
	if method != http.MethodGet && method != http.MethodHead {
		h.Set("Content-Type", "application/x-www-form-urlencoded")
		body = []byte(url.Values{"csrf_token": {csrfToken}}.Encode())
	}
	r := st.send(t, method, u, h, body)
	noSecrets(t, st, method+" "+u, r)
	switch method {
	case http.MethodGet, http.MethodHead:
		loc := r.header.Get("Location")
		if r.status != http.StatusSeeOther || !strings.Contains(loc, "/signin") {
			t.Errorf("without a session: %s (Location %q), want 303 to the sign-in page", r, loc)
		}
	default:
		if r.status != http.StatusUnauthorized {
			t.Errorf("form post without a session: %d, want 401", r.status)
		}
	}
}
