package console

import (
	"crypto/subtle"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/idpsim/idpsim/simulator/webui"
)

const (
	sessionCookie = "idpsim_admin"
	sessionTTL    = 12 * time.Hour
)

func (con *Console) registerSignInRoutes(r *gin.RouterGroup) {
	r.GET("/signin", con.signInPage)
	r.POST("/signin", con.signIn)
	r.POST("/signout", con.signOut)
}

func (con *Console) signedIn(c *gin.Context) bool {
	_, found := con.sessions.Get(c)
	return found
}

// requireSession sends a browser that is not signed in to the sign-in page,
// remembering where it was going.
func (con *Console) requireSession(c *gin.Context) {
	if con.signedIn(c) {
		c.Next()
		return
	}
	con.site.SendToSignIn(c)
}

func (con *Console) signInPage(c *gin.Context) {
	con.site.Render(c, http.StatusOK, "signin.html", "Sign in", "",
		gin.H{"Next": safeNext(c.Query("next"))})
}

func (con *Console) signIn(c *gin.Context) {
	token := strings.TrimSpace(c.PostForm("token"))
	next := safeNext(c.PostForm("next"))
	if subtle.ConstantTimeCompare([]byte(token), []byte(con.cfg.AdminToken)) != 1 {
		con.log.Info("console sign-in refused", "remote_addr", c.ClientIP())
		c.Header("Cache-Control", "no-store")
		con.site.Render(c, http.StatusUnauthorized, "signin.html", "Sign in", "",
			gin.H{"Next": next, "Error": "That admin token is not valid."})
		return
	}
	con.sessions.Start(c, struct{}{})
	c.Redirect(http.StatusSeeOther, next)
}

func (con *Console) signOut(c *gin.Context) {
	con.sessions.End(c)
	c.Redirect(http.StatusSeeOther, Prefix+"/signin")
}

// safeNext keeps a post-sign-in target inside the console, so the sign-in
// form cannot be used to send an admin elsewhere.
func safeNext(next string) string { return webui.SafeNext(Prefix, next) }
