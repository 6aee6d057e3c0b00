package oidc

import (
	"bytes"
	"embed"
	"html/template"
	"net/http"

	"github.com/gin-gonic/gin"
)

//go:embed templates/*.html
var templateFiles embed.FS

var pages = template.Must(template.ParseFS(templateFiles, "templates/*.html"))

// signInPage is the data of the sign-in form. Its field names (request_id,
// csrf_token, username, password) are what a scripted browser posts.
type signInPage struct {
	Action     string
	ClientName string
	Message    string
	RequestID  string
	CSRFToken  string
	Username   string
}

// messagePage is the data of an error or information page.
type messagePage struct {
	Title   string
	Code    string
	Message string
}

// renderPage executes a template into a buffer first, so that a template
// error never leaves half a page behind.
func (p *Provider) renderPage(c *gin.Context, status int, name string, data any) {
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, data); err != nil {
		p.cfg.Logger.Error("oidc render page", "template", name, "err", err)
		c.String(http.StatusInternalServerError, "internal error")
		return
	}
	noStore(c)
	c.Header("X-Frame-Options", "DENY")
	c.Header("Content-Security-Policy",
		"default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

// renderErrorPage shows an error that must not be redirected.
func (p *Provider) renderErrorPage(c *gin.Context, err error) {
	oe := asOAuthError(err)
	if oe.status >= http.StatusInternalServerError {
		p.cfg.Logger.Error("oidc request failed", "path", c.FullPath(), "err", err)
	}
	p.renderPage(c, oe.status, "message.html", messagePage{
		Title: http.StatusText(oe.status), Code: oe.code, Message: oe.description,
	})
}
