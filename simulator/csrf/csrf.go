// Package csrf protects the form posts of idpsim's and castsim's console
// pages with a double-submit token.
//
// A random token lives in an HttpOnly, SameSite=Strict cookie scoped to the
// console's path. Every form carries the same value in a hidden field named
// FieldName. A POST is accepted only when the two match (compared in constant
// time): a page of another origin can make the browser send the cookie but
// can neither read it nor guess it for the field.
package csrf

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"

	"github.com/gin-gonic/gin"
)

// FieldName is the name of the hidden form field holding the token.
const FieldName = "csrf_token"

const contextKey = "csrf.token"

// Options configure the middleware.
type Options struct {
	// Cookie is the cookie name, e.g. "idpsim_csrf".
	Cookie string
	// Path scopes the cookie, e.g. "/admin".
	Path string
	// Secure marks the cookie for HTTPS only.
	Secure bool
	// Refuse renders the answer to a POST whose token is missing or wrong;
	// it must abort the request.
	Refuse gin.HandlerFunc
}

// Middleware makes sure every visitor has a token cookie, exposes the token
// to templates through Token, and refuses unsafe requests whose form field
// does not match the cookie.
func Middleware(o Options) gin.HandlerFunc {
	return func(c *gin.Context) {
		token := ""
		if ck, err := c.Request.Cookie(o.Cookie); err == nil && len(ck.Value) >= 32 {
			token = ck.Value
		}
		if token == "" {
			token = newToken()
			http.SetCookie(c.Writer, &http.Cookie{
				Name: o.Cookie, Value: token, Path: o.Path, HttpOnly: true,
				Secure: o.Secure, SameSite: http.SameSiteStrictMode,
			})
		}
		c.Set(contextKey, token)
		if !safeMethod(c.Request.Method) && !Valid(token, c.PostForm(FieldName)) {
			o.Refuse(c)
			c.Abort()
			return
		}
		c.Next()
	}
}

// Token returns the request's token for the hidden form field.
func Token(c *gin.Context) string { return c.GetString(contextKey) }

// Valid reports whether a submitted token matches the cookie's token.
func Valid(cookie, submitted string) bool {
	if cookie == "" || submitted == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(cookie), []byte(submitted)) == 1
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

func newToken() string {
	buf := make([]byte, 32)
	_, _ = rand.Read(buf)
	return base64.RawURLEncoding.EncodeToString(buf)
}
