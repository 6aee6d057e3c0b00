package castai

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/gin-gonic/gin"
	"golang.org/x/oauth2"

	"github.com/idpsim/idpsim/simulator/castai/store"
)

// Sign-in settings.
const (
	// LoginCookie binds a pending sign-in to the browser that started it.
	LoginCookie = "castsim_login"
	// loginTTL is how long a browser may take at the IdP.
	loginTTL = 10 * time.Minute
	// defaultReturnTo is where a browser lands after signing in.
	defaultReturnTo = "/v1/me"
)

// pendingLogin is a sign-in sent to the IdP and not yet back.
type pendingLogin struct {
	ConnectionID string
	Nonce        string
	Verifier     string // PKCE code verifier (RFC 7636)
	ReturnTo     string
	Expires      time.Time
}

// logins holds pending sign-ins by their state value.
type logins struct {
	mu      sync.Mutex
	byState map[string]pendingLogin
}

func newLogins() *logins { return &logins{byState: map[string]pendingLogin{}} }

func (l *logins) add(state string, p pendingLogin, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for st, old := range l.byState {
		if !now.Before(old.Expires) {
			delete(l.byState, st)
		}
	}
	l.byState[state] = p
}

// take removes and returns the pending sign-in of a state: each state is
// good for one callback.
func (l *logins) take(state string, now time.Time) (pendingLogin, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	p, ok := l.byState[state]
	delete(l.byState, state)
	if ok && !now.Before(p.Expires) {
		return pendingLogin{}, false
	}
	return p, ok
}

func (l *logins) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.byState = map[string]pendingLogin{}
}

func (s *Server) registerAuthRoutes(r *gin.RouterGroup) {
	r.GET("/login", s.login)
	r.GET("/callback", s.callback)
	r.POST("/logout", s.logout)
}

// login is GET /v1/auth/login: it picks the SSO connection and redirects the
// browser to the IdP's authorization endpoint with state, nonce and a PKCE
// S256 challenge (RFC 7636). ?email= or ?login_hint= picks the connection by
// email domain and is passed on as login_hint; ?connection_id= names one;
// otherwise the only connection with a connector is used. ?return_to= is a
// local path to land on afterwards.
func (s *Server) login(c *gin.Context) {
	email := c.Query("email")
	if email == "" {
		email = c.Query("login_hint")
	}
	returnTo := c.DefaultQuery("return_to", defaultReturnTo)
	if !localPath(returnTo) {
		consoleError(c, http.StatusBadRequest, "return_to must be a path on castsim, such as /v1/me")
		return
	}
	conn, msg := s.loginConnection(c.Query("connection_id"), email)
	if msg != "" {
		consoleError(c, http.StatusBadRequest, msg)
		return
	}
	rp, err := s.relyingParty(c.Request.Context(), conn)
	if err != nil {
		s.log.Warn("sign-in: identity provider unreachable", "connection_id", conn.ID, "err", err)
		consoleError(c, http.StatusBadGateway, "cannot reach the identity provider of SSO "+
			"connection "+conn.Name+": "+err.Error())
		return
	}

	state, nonce, verifier := randomValue(), randomValue(), oauth2.GenerateVerifier()
	now := s.cfg.Now()
	s.logins.add(state, pendingLogin{
		ConnectionID: conn.ID, Nonce: nonce, Verifier: verifier, ReturnTo: returnTo,
		Expires: now.Add(loginTTL),
	}, now)
	s.setCookie(c, LoginCookie, state, "/v1/auth", int(loginTTL/time.Second))
	opts := []oauth2.AuthCodeOption{oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)}
	if email != "" {
		opts = append(opts, oauth2.SetAuthURLParam("login_hint", email))
	}
	c.Redirect(http.StatusFound, rp.oauth.AuthCodeURL(state, opts...))
}

// loginConnection picks the connection a sign-in uses, or says why none.
func (s *Server) loginConnection(id, email string) (store.Connection, string) {
	if id != "" {
		conn, err := s.store.Connection(id)
		if err != nil || issuer(conn) == "" {
			return store.Connection{}, "SSO connection " + id + " not found or has no okta block"
		}
		return conn, ""
	}
	var usable []store.Connection
	for _, conn := range s.store.Connections() {
		if issuer(conn) != "" {
			usable = append(usable, conn)
		}
	}
	_, domain, _ := strings.Cut(email, "@")
	for _, conn := range usable {
		if domain != "" && servesDomain(conn, domain) {
			return conn, ""
		}
	}
	if len(usable) == 1 {
		return usable[0], ""
	}
	if len(usable) == 0 {
		return store.Connection{}, "no SSO connection is set up: create one with " +
			"POST /v1/sso-connections"
	}
	return store.Connection{}, fmt.Sprintf("no SSO connection serves the email domain %q: "+
		"pass ?email= with your email address, or ?connection_id=", domain)
}

func servesDomain(conn store.Connection, domain string) bool {
	match := func(d string) bool { return strings.EqualFold(d, domain) }
	return match(conn.EmailDomain) || slices.ContainsFunc(conn.AdditionalEmailDomains, match)
}

// localPath reports whether p is a path on this server, so that return_to
// cannot send a browser elsewhere (an open redirect).
func localPath(p string) bool {
	return strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "//") &&
		!strings.HasPrefix(p, "/\\") && !strings.ContainsAny(p, "\r\n")
}

// setCookie sets an HttpOnly, SameSite=Lax cookie; maxAge < 0 deletes it.
func (s *Server) setCookie(c *gin.Context, name, value, path string, maxAge int) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: name, Value: value, Path: path, MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: strings.HasPrefix(s.cfg.PublicURL, "https://"),
	})
}

func randomValue() string {
	buf := make([]byte, 24)
	_, _ = rand.Read(buf)
	return hex.EncodeToString(buf)
}

// logout is POST /v1/auth/logout: it ends the caller's session, if any.
func (s *Server) logout(c *gin.Context) {
	if token := sessionToken(c.Request); token != "" {
		s.sessions.end(token)
	}
	s.setCookie(c, SessionCookie, "", "/", -1)
	c.Status(http.StatusNoContent)
}
