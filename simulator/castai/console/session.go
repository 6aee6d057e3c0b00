package console

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/idpsim/idpsim/simulator/castai"
)

const (
	sessionCookie = "castsim_console"
	sessionTTL    = 12 * time.Hour
	meKey         = "console.me"
)

// sessions are the browsers signed in with the owner API key: random ids
// mapped to the key, which never reaches the browser again.
type sessions struct {
	mu   sync.Mutex
	keys map[string]keySession
}

type keySession struct {
	key     string
	expires time.Time
}

func newSessions() *sessions { return &sessions{keys: map[string]keySession{}} }

func (s *sessions) start(key string) string {
	buf := make([]byte, 32)
	_, _ = rand.Read(buf)
	id := base64.RawURLEncoding.EncodeToString(buf)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.keys[id] = keySession{key: key, expires: time.Now().Add(sessionTTL)}
	return id
}

// key returns the API key of the browser's key session, if it has one.
func (s *sessions) key(c *gin.Context) (string, bool) {
	ck, err := c.Request.Cookie(sessionCookie)
	if err != nil {
		return "", false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ks, found := s.keys[ck.Value]
	if found && time.Now().After(ks.expires) {
		delete(s.keys, ck.Value)
		return "", false
	}
	return ks.key, found
}

func (s *sessions) end(c *gin.Context) {
	if ck, err := c.Request.Cookie(sessionCookie); err == nil {
		s.mu.Lock()
		delete(s.keys, ck.Value)
		s.mu.Unlock()
	}
}

func (con *Console) registerSignInRoutes(r *gin.RouterGroup) {
	r.GET("/signin", con.signInPage)
	r.POST("/signin", con.signIn)
	r.POST("/signout", con.signOut)
}

// requireSignIn asks the console API who the browser is (GET /v1/me). A
// browser the API does not accept is sent to the sign-in page.
func (con *Console) requireSignIn(c *gin.Context) {
	var me castai.Me
	err := con.call(c, http.MethodGet, "/v1/me", nil, &me)
	var ae *apiError
	if errors.As(err, &ae) && ae.Status == http.StatusUnauthorized {
		if c.Request.Method != http.MethodGet {
			con.errorPage(c, http.StatusUnauthorized, "Your session has ended. Sign in again.")
			return
		}
		next := url.QueryEscape(c.Request.URL.RequestURI())
		c.Redirect(http.StatusSeeOther, Prefix+"/signin?next="+next)
		c.Abort()
		return
	}
	if err != nil {
		con.failPage(c, err)
		return
	}
	c.Set(meKey, &me)
	c.Next()
}

func me(c *gin.Context) *castai.Me {
	v, _ := c.Get(meKey)
	m, _ := v.(*castai.Me)
	if m == nil {
		return &castai.Me{}
	}
	return m
}

func (con *Console) signInPage(c *gin.Context) {
	con.renderSignIn(c, http.StatusOK, safeNext(c.Query("next")), c.Query("error"))
}

func (con *Console) renderSignIn(c *gin.Context, status int, next, msg string) {
	sso := "/v1/auth/login?return_to=" + url.QueryEscape(next)
	con.render(c, status, "signin.html", "Sign in", "",
		map[string]string{"Next": next, "Error": msg, "SSO": sso})
}

func (con *Console) signIn(c *gin.Context) {
	key := strings.TrimSpace(c.PostForm("api_key"))
	next := safeNext(c.PostForm("next"))
	probe, _ := http.NewRequestWithContext(c.Request.Context(), http.MethodGet, "/v1/me", nil)
	probe.Header.Set("X-API-Key", key)
	rec := newRecorder()
	con.api.ServeHTTP(rec, probe)
	if key == "" || rec.status != http.StatusOK {
		con.log.Info("console sign-in refused", "remote_addr", c.ClientIP())
		con.renderSignIn(c, http.StatusUnauthorized, next, "That API key is not valid.")
		return
	}
	http.SetCookie(c.Writer, &http.Cookie{
		Name: sessionCookie, Value: con.sessions.start(key), Path: Prefix, HttpOnly: true,
		Secure: con.cfg.Secure, SameSite: http.SameSiteLaxMode, MaxAge: int(sessionTTL.Seconds()),
	})
	c.Redirect(http.StatusSeeOther, next)
}

// signOut ends the key session and, for an SSO session, castsim's session
// through POST /v1/auth/logout.
func (con *Console) signOut(c *gin.Context) {
	con.sessions.end(c)
	http.SetCookie(c.Writer, &http.Cookie{Name: sessionCookie, Path: Prefix, MaxAge: -1})
	if ck, err := c.Request.Cookie(castai.SessionCookie); err == nil {
		req, _ := http.NewRequestWithContext(c.Request.Context(), http.MethodPost,
			"/v1/auth/logout", nil)
		req.AddCookie(ck)
		rec := newRecorder()
		con.api.ServeHTTP(rec, req)
		for _, v := range rec.header.Values("Set-Cookie") {
			c.Writer.Header().Add("Set-Cookie", v)
		}
	}
	c.Redirect(http.StatusSeeOther, Prefix+"/signin")
}

// safeNext keeps a post-sign-in target inside the console.
func safeNext(next string) string {
	if !strings.HasPrefix(next, Prefix+"/") || strings.HasPrefix(next, "//") ||
		strings.Contains(next, "\\") {
		return Prefix + "/"
	}
	return next
}
