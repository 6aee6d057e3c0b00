package webui

import (
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"path"

	"github.com/gin-gonic/gin"

	"github.com/idpsim/idpsim/simulator/csrf"
)

// Config describes one console.
type Config struct {
	// Prefix is the path the console is served under, e.g. "/admin".
	Prefix string
	// Templates holds templates/layout.html, which defines "layout", and one
	// templates/<page>.html per page.
	Templates fs.FS
	// Static holds static/*, served under Prefix+"/static".
	Static fs.FS
	// Funcs are the template functions the pages use.
	Funcs template.FuncMap
	// CSRFCookie and FlashCookie name the console's cookies.
	CSRFCookie  string
	FlashCookie string
	// Secure marks the cookies for HTTPS only.
	Secure bool
	// Logger receives render failures and panics; nil discards them.
	Logger *slog.Logger
	// Page turns the common frame of a page into what its templates receive,
	// adding what the console knows about the browser; nil passes the frame.
	Page func(c *gin.Context, f Frame) any
}

// Frame is what every page template receives.
type Frame struct {
	Title    string
	Nav      string
	Prefix   string
	CSRF     string
	CSRFName string
	Flash    *Flash
	Data     any
}

// Site renders the pages of one console.
type Site struct {
	cfg   Config
	log   *slog.Logger
	flash flashCookie
	pages map[string]*template.Template
}

// New parses every page template of cfg together with the layout.
func New(cfg Config) (*Site, error) {
	pages, err := parsePages(cfg.Templates, cfg.Funcs)
	if err != nil {
		return nil, fmt.Errorf("parse console templates: %w", err)
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if cfg.Page == nil {
		cfg.Page = func(_ *gin.Context, f Frame) any { return f }
	}
	s := &Site{cfg: cfg, log: log, pages: pages}
	s.flash = flashCookie{name: cfg.FlashCookie, path: cfg.Prefix}
	return s, nil
}

func parsePages(fsys fs.FS, funcs template.FuncMap) (map[string]*template.Template, error) {
	names, err := fs.Glob(fsys, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("list templates: %w", err)
	}
	pages := map[string]*template.Template{}
	for _, name := range names {
		base := path.Base(name)
		if base == "layout.html" {
			continue
		}
		t, err := template.New(base).Funcs(funcs).ParseFS(fsys, "templates/layout.html", name)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", base, err)
		}
		pages[base] = t
	}
	return pages, nil
}

// Router returns the console's handler: static files, then the pages that
// register adds to a group under Prefix guarded by CSRF, and an error page
// for panics and unknown paths.
func (s *Site) Router(register func(pages *gin.RouterGroup)) http.Handler {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use(s.recovery)
	static, _ := fs.Sub(s.cfg.Static, "static")
	r.StaticFS(s.cfg.Prefix+"/static", http.FS(static))

	register(r.Group(s.cfg.Prefix, csrf.Middleware(csrf.Options{
		Cookie: s.cfg.CSRFCookie, Path: s.cfg.Prefix, Secure: s.cfg.Secure,
		Refuse: s.refuseCSRF,
	})))
	r.NoRoute(func(c *gin.Context) {
		s.ErrorPage(c, http.StatusNotFound, "There is no page at "+c.Request.URL.Path+".")
	})
	return r
}

// recovery renders a panic as the console's error page.
func (s *Site) recovery(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			s.log.Error("console panic", "path", c.Request.URL.Path, "err", fmt.Sprint(v))
			s.ErrorPage(c, http.StatusInternalServerError, "Something went wrong.")
		}
	}()
	c.Next()
}

func (s *Site) refuseCSRF(c *gin.Context) {
	s.ErrorPage(c, http.StatusForbidden,
		"The form was out of date or did not come from this console. Go back, reload and retry.")
}

// Render writes a full page: the layout around the named page template.
// An unknown name is a programming error and panics into the error page.
func (s *Site) Render(c *gin.Context, status int, name, title, nav string, data any) {
	t, ok := s.pages[name]
	if !ok {
		panic("console: no template " + name)
	}
	f := Frame{
		Title: title, Nav: nav, Prefix: s.cfg.Prefix, CSRF: csrf.Token(c),
		CSRFName: csrf.FieldName, Flash: s.flash.take(c), Data: data,
	}
	p := s.cfg.Page(c, f)
	c.Header("Content-Type", "text/html; charset=utf-8")
	c.Header("Cache-Control", "no-store")
	c.Header("X-Frame-Options", "DENY")
	c.Status(status)
	if err := t.ExecuteTemplate(c.Writer, "layout", p); err != nil {
		s.log.Error("render page", "page", name, "err", err)
	}
}

// ErrorPage renders a full page explaining what went wrong and aborts.
func (s *Site) ErrorPage(c *gin.Context, status int, msg string) {
	s.Render(c, status, "error.html", "Error", "", gin.H{"Message": msg})
	c.Abort()
}

// Redirect ends a form post: it stores f for the next page and sends the
// browser to target with 303 See Other (post/redirect/get).
func (s *Site) Redirect(c *gin.Context, target string, f Flash) {
	s.flash.set(c, f)
	c.Redirect(http.StatusSeeOther, target)
}

// SendToSignIn answers a browser that is not signed in. A GET goes to the
// sign-in page, which brings it back afterwards; a form post cannot be
// replayed after signing in, so it gets an error page instead.
func (s *Site) SendToSignIn(c *gin.Context) {
	if c.Request.Method != http.MethodGet {
		s.ErrorPage(c, http.StatusUnauthorized, "Your session has ended. Sign in again.")
		return
	}
	next := url.QueryEscape(c.Request.URL.RequestURI())
	c.Redirect(http.StatusSeeOther, s.cfg.Prefix+"/signin?next="+next)
	c.Abort()
}
