package oidc

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// Cookies. Okta calls its session cookie sid; idpsim prefixes its names
// because cookies are not isolated by port (RFC 6265 §8.5), and castsim may
// run on the same host. Both are scoped to the provider's paths.
const (
	sessionCookie = "idpsim_sid"
	csrfCookie    = "idpsim_csrf"
	cookiePath    = "/oauth2/v1"
)

func (p *Provider) setCookie(c *gin.Context, name, value string, maxAge int) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name:     name,
		Value:    value,
		Path:     cookiePath,
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
	p.setCookie(c, csrfCookie, value, 0)
	return value
}

// endBrowserSession ends the session named by the caller's cookie, if any.
func (p *Provider) endBrowserSession(c *gin.Context) {
	if value, err := c.Cookie(sessionCookie); err == nil && value != "" {
		p.store.endSession(value)
	}
}
