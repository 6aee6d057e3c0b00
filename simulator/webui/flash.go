package webui

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"
)

// Flash is a one-time message shown on the page after a redirect.
type Flash struct {
	Error bool   `json:"e,omitempty"`
	Text  string `json:"t"`
}

// OK is a flash reporting success.
func OK(format string, args ...any) Flash { return Flash{Text: fmt.Sprintf(format, args...)} }

// Failed is a flash reporting an error with text.
func Failed(text string) Flash { return Flash{Error: true, Text: text} }

// flashCookie carries one Flash from a form post to the page it redirects to.
type flashCookie struct {
	name string
	path string
}

// set stores f for the next page; it lives a minute at most.
func (fc flashCookie) set(c *gin.Context, f Flash) {
	raw, _ := json.Marshal(f)
	http.SetCookie(c.Writer, &http.Cookie{
		Name: fc.name, Value: base64.RawURLEncoding.EncodeToString(raw), Path: fc.path,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: 60,
	})
}

// take returns the stored flash, if any, and clears it so it shows once.
func (fc flashCookie) take(c *gin.Context) *Flash {
	ck, err := c.Request.Cookie(fc.name)
	if err != nil {
		return nil
	}
	http.SetCookie(c.Writer, &http.Cookie{Name: fc.name, Path: fc.path, MaxAge: -1})
	raw, err := base64.RawURLEncoding.DecodeString(ck.Value)
	if err != nil {
		return nil
	}
	var f Flash
	if json.Unmarshal(raw, &f) != nil || f.Text == "" {
		return nil
	}
	return &f
}
