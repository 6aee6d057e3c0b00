package oidc

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// Cookie names. Okta calls its session cookie sid.
const (
	sessionCookie = "sid"
	csrfCookie    = "oidc_csrf"
)

func (p *Provider) setCookie(c *gin.Context, name, value, path string, maxAge int) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name:     name,
		Value:    value,
		Path:     path,
		MaxAge:   maxAge,
		HttpOnly: true,
		Secure:   p.secureCookies,
		SameSite: http.SameSiteLaxMode,
	})
}

// liveSession returns the caller's session when it is live and its user is
// still active; a session of an inactive user is ended on the spot.
func (p *Provider) liveSession(c *gin.Context) (session, bool) {
	value, err := c.Cookie(sessionCookie)
	if err != nil || value == "" {
		return session{}, false
	}
	sess, ok := p.store.session(value, p.cfg.Now())
	if !ok {
		return session{}, false
	}
	subject, err := p.dir.Subject(c.Request.Context(), sess.userID)
	if err != nil || !subject.Active {
		p.store.endSession(value)
		return session{}, false
	}
	return sess, true
}

// browserCSRF returns the browser's CSRF cookie value, setting a new one
// when it has none. A sign-in post must carry it both as cookie and field.
func (p *Provider) browserCSRF(c *gin.Context) string {
	if value, err := c.Cookie(csrfCookie); err == nil && len(value) >= 43 {
		return value
	}
	value := randomValue()
	p.setCookie(c, csrfCookie, value, "/oauth2/v1", 0)
	return value
}
