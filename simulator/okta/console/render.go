package console

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/idpsim/idpsim/simulator/csrf"
)

// page is what every template receives.
type page struct {
	Title    string
	Nav      string
	Prefix   string
	CSRF     string
	CSRFName string
	SignedIn bool
	Flash    *flash
	Data     any
}

// flash is a one-time message shown after a redirect.
type flash struct {
	Error bool   `json:"e,omitempty"`
	Text  string `json:"t"`
}

const flashCookie = "idpsim_flash"

var funcs = template.FuncMap{
	"when": func(t any) string {
		switch v := t.(type) {
		case time.Time:
			if v.IsZero() {
				return "—"
			}
			return v.UTC().Format("Jan 2, 2006 15:04:05 UTC")
		case *time.Time:
			if v == nil {
				return "never"
			}
			return v.UTC().Format("Jan 2, 2006 15:04:05 UTC")
		}
		return fmt.Sprint(t)
	},
	"lower": strings.ToLower,
	"str":   func(v any) string { return fmt.Sprint(v) },
	// pretty indents a JSON body, keeping its keys in wire order.
	"pretty": func(body string) string {
		var out bytes.Buffer
		if json.Indent(&out, []byte(body), "", "  ") != nil {
			return body
		}
		return out.String()
	},
}

// parsePages parses each page template together with the layout.
func parsePages() (map[string]*template.Template, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("list templates: %w", err)
	}
	pages := map[string]*template.Template{}
	for _, name := range names {
		base := path.Base(name)
		if base == "layout.html" {
			continue
		}
		t, err := template.New(base).Funcs(funcs).
			ParseFS(templateFS, "templates/layout.html", name)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", base, err)
		}
		pages[base] = t
	}
	return pages, nil
}

// render writes a full page: the layout around the named page template.
func (con *Console) render(c *gin.Context, status int, name, title, nav string, data any) {
	t, ok := con.pages[name]
	if !ok {
		panic("console: no template " + name)
	}
	p := page{
		Title: title, Nav: nav, Prefix: Prefix, CSRF: csrf.Token(c), CSRFName: csrf.FieldName,
		SignedIn: con.signedIn(c), Flash: takeFlash(c), Data: data,
	}
	c.Header("Content-Type", "text/html; charset=utf-8")
	c.Header("Cache-Control", "no-store")
	c.Header("X-Frame-Options", "DENY")
	c.Status(status)
	if err := t.ExecuteTemplate(c.Writer, "layout", p); err != nil {
		con.log.Error("render page", "page", name, "err", err)
	}
}

// redirect ends a form post: it stores a flash message and sends the
// browser to target with 303 See Other (post/redirect/get).
func redirect(c *gin.Context, target string, f flash) {
	raw, _ := json.Marshal(f)
	http.SetCookie(c.Writer, &http.Cookie{
		Name: flashCookie, Value: base64.RawURLEncoding.EncodeToString(raw), Path: Prefix,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: 60,
	})
	c.Redirect(http.StatusSeeOther, target)
}

func ok(format string, args ...any) flash { return flash{Text: fmt.Sprintf(format, args...)} }

func failed(err error) flash { return flash{Error: true, Text: summary(err)} }

func takeFlash(c *gin.Context) *flash {
	ck, err := c.Request.Cookie(flashCookie)
	if err != nil {
		return nil
	}
	http.SetCookie(c.Writer, &http.Cookie{Name: flashCookie, Path: Prefix, MaxAge: -1})
	raw, err := base64.RawURLEncoding.DecodeString(ck.Value)
	if err != nil {
		return nil
	}
	var f flash
	if json.Unmarshal(raw, &f) != nil || f.Text == "" {
		return nil
	}
	return &f
}

// at builds a console path from segments, escaping each.
func at(segments ...string) string {
	var b strings.Builder
	b.WriteString(Prefix)
	for _, s := range segments {
		b.WriteString("/")
		b.WriteString(url.PathEscape(s))
	}
	return b.String()
}
