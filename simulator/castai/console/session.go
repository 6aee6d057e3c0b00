package console

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/idpsim/idpsim/simulator/castai"
	"github.com/idpsim/idpsim/simulator/webui"
)

const (
	sessionCookie = "castsim_console"
	sessionTTL    = 12 * time.Hour
	// meKey holds the *castai.Me of the signed-in browser in the context.
	meKey = "console.me"
)

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
		con.site.SendToSignIn(c)
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
	con.site.Render(c, status, "signin.html", "Sign in", "",
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
	con.sessions.Start(c, key)
	c.Redirect(http.StatusSeeOther, next)
}

// signOut ends the key session and, for an SSO session, castsim's session
// through POST /v1/auth/logout.
func (con *Console) signOut(c *gin.Context) {
	con.sessions.End(c)
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
func safeNext(next string) string { return webui.SafeNext(Prefix, next) }
