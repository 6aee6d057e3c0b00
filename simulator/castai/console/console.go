package console

import (
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/idpsim/idpsim/simulator/castai"
	"github.com/idpsim/idpsim/simulator/csrf"
)

// Prefix is the path the console is served under.
const Prefix = "/console"

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static/*
var staticFS embed.FS

// Config configures the console.
type Config struct {
	// API is castsim's HTTP handler; the pages call its /v1 routes in-process.
	API http.Handler
	// Secure marks the cookies for HTTPS only (set when castsim is served
	// over https).
	Secure bool
	// Logger receives structured logs; nil discards them.
	Logger *slog.Logger
}

// Validate reports every problem of the configuration at once.
func (c Config) Validate() error {
	var errs []error
	if c.API == nil {
		errs = append(errs, errors.New("api handler is required"))
	}
	return errors.Join(errs...)
}

// Console serves castsim's console pages.
type Console struct {
	api      http.Handler
	cfg      Config
	log      *slog.Logger
	sessions *sessions
	pages    map[string]*template.Template
}

// New returns the console's handler. Its routes live under Prefix.
func New(cfg Config) (http.Handler, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("configure castsim console: %w", err)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	pages, err := parsePages()
	if err != nil {
		return nil, fmt.Errorf("parse console templates: %w", err)
	}
	con := &Console{
		api: cfg.API, cfg: cfg, log: cfg.Logger, sessions: newSessions(),
		pages: pages,
	}
	return con.routes(), nil
}

// Mount builds the console for srv and serves it under /console on srv's
// own handler. cfg.API is set to srv's handler.
func Mount(srv *castai.Server, cfg Config) error {
	cfg.API = srv.Handler()
	h, err := New(cfg)
	if err != nil {
		return err
	}
	srv.MountConsole(h)
	return nil
}

func (con *Console) routes() http.Handler {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use(con.recovery)
	static, _ := fs.Sub(staticFS, "static")
	r.StaticFS(Prefix+"/static", http.FS(static))

	pages := r.Group(Prefix, csrf.Middleware(csrf.Options{
		Cookie: "castsim_csrf", Path: Prefix, Secure: con.cfg.Secure, Refuse: con.refuseCSRF,
	}))
	con.registerSignInRoutes(pages)
	authed := pages.Group("", con.requireSignIn)
	authed.GET("/", func(c *gin.Context) { c.Redirect(http.StatusSeeOther, Prefix+"/sso") })
	con.registerSSORoutes(authed)
	con.registerUserRoutes(authed)
	con.registerGroupRoutes(authed)
	r.NoRoute(func(c *gin.Context) {
		con.errorPage(c, http.StatusNotFound, "There is no page at "+c.Request.URL.Path+".")
	})
	return r
}

// recovery renders a panic as the console's error page.
func (con *Console) recovery(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			con.log.Error("console panic", "path", c.Request.URL.Path, "err", fmt.Sprint(v))
			con.errorPage(c, http.StatusInternalServerError, "Something went wrong.")
		}
	}()
	c.Next()
}

func (con *Console) refuseCSRF(c *gin.Context) {
	con.errorPage(c, http.StatusForbidden,
		"The form was out of date or did not come from this console. Go back, reload and retry.")
}

// errorPage renders a full page explaining what went wrong and aborts.
func (con *Console) errorPage(c *gin.Context, status int, msg string) {
	con.render(c, status, "error.html", "Error", "", gin.H{"Message": msg})
	c.Abort()
}

// failPage renders the error of an API call as a page.
func (con *Console) failPage(c *gin.Context, err error) {
	status := http.StatusInternalServerError
	var ae *apiError
	if errors.As(err, &ae) {
		status = ae.Status
	}
	con.errorPage(c, status, err.Error())
}
