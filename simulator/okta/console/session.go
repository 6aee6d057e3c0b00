package console

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
)

const (
	sessionCookie = "idpsim_admin"
	sessionTTL    = 12 * time.Hour
)

// sessions are the signed-in browsers: random ids with their expiry. The
// admin token never leaves the sign-in request.
type sessions struct {
	mu  sync.Mutex
	ids map[string]time.Time
}

func newSessions() *sessions { return &sessions{ids: map[string]time.Time{}} }

func (s *sessions) start() string {
	buf := make([]byte, 32)
	_, _ = rand.Read(buf)
	id := base64.RawURLEncoding.EncodeToString(buf)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ids[id] = time.Now().Add(sessionTTL)
	return id
}

func (s *sessions) valid(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	exp, ok := s.ids[id]
	if ok && time.Now().After(exp) {
		delete(s.ids, id)
		return false
	}
	return ok
}

func (s *sessions) end(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.ids, id)
}

func (con *Console) registerSignInRoutes(r *gin.RouterGroup) {
	r.GET("/signin", con.signInPage)
	r.POST("/signin", con.signIn)
	r.POST("/signout", con.signOut)
}

func (con *Console) signedIn(c *gin.Context) bool {
	ck, err := c.Request.Cookie(sessionCookie)
	return err == nil && con.sessions.valid(ck.Value)
}

// requireSession sends a browser that is not signed in to the sign-in page,
// remembering where it was going.
func (con *Console) requireSession(c *gin.Context) {
	if con.signedIn(c) {
		c.Next()
		return
	}
	if c.Request.Method != http.MethodGet {
		con.errorPage(c, http.StatusUnauthorized, "Your session has ended. Sign in again.")
		return
	}
	next := url.QueryEscape(c.Request.URL.RequestURI())
	c.Redirect(http.StatusSeeOther, Prefix+"/signin?next="+next)
	c.Abort()
}

func (con *Console) signInPage(c *gin.Context) {
	con.render(c, http.StatusOK, "signin.html", "Sign in", "",
		gin.H{"Next": safeNext(c.Query("next"))})
}

func (con *Console) signIn(c *gin.Context) {
	token := strings.TrimSpace(c.PostForm("token"))
	next := safeNext(c.PostForm("next"))
	if subtle.ConstantTimeCompare([]byte(token), []byte(con.cfg.AdminToken)) != 1 {
		con.log.Info("console sign-in refused", "remote_addr", c.ClientIP())
		c.Header("Cache-Control", "no-store")
		con.render(c, http.StatusUnauthorized, "signin.html", "Sign in", "",
			gin.H{"Next": next, "Error": "That admin token is not valid."})
		return
	}
	http.SetCookie(c.Writer, &http.Cookie{
		Name: sessionCookie, Value: con.sessions.start(), Path: Prefix, HttpOnly: true,
		Secure: con.cfg.Secure, SameSite: http.SameSiteLaxMode, MaxAge: int(sessionTTL.Seconds()),
	})
	c.Redirect(http.StatusSeeOther, next)
}

func (con *Console) signOut(c *gin.Context) {
	if ck, err := c.Request.Cookie(sessionCookie); err == nil {
		con.sessions.end(ck.Value)
	}
	http.SetCookie(c.Writer, &http.Cookie{Name: sessionCookie, Path: Prefix, MaxAge: -1})
	c.Redirect(http.StatusSeeOther, Prefix+"/signin")
}

// safeNext keeps a post-sign-in target inside the console, so the sign-in
// form cannot be used to send an admin elsewhere.
func safeNext(next string) string {
	if !strings.HasPrefix(next, Prefix+"/") || strings.HasPrefix(next, "//") ||
		strings.Contains(next, "\\") {
		return Prefix + "/"
	}
	return next
}
