package console

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idpsim/idpsim/simulator/okta"
	"github.com/idpsim/idpsim/simulator/webui"
)

func (con *Console) registerAppRoutes(r *gin.RouterGroup) {
	r.GET("/apps", con.apps)
	r.GET("/apps/:id", func(c *gin.Context) {
		c.Redirect(http.StatusSeeOther, at("apps", c.Param("id"), "provisioning"))
	})
	r.GET("/apps/:id/provisioning", con.provisioning)
	r.POST("/apps/:id/connection", con.saveConnection)
	r.POST("/apps/:id/connection/test", con.testConnection)
	r.POST("/apps/:id/connection/status", con.connectionStatus)
	r.POST("/apps/:id/features", con.saveFeatures)
	r.POST("/apps/:id/status", con.appStatus)
}

func (con *Console) apps(c *gin.Context) {
	apps, err := con.sim.Apps(c)
	if err != nil {
		con.site.ErrorPage(c, http.StatusInternalServerError, summary(err))
		return
	}
	con.site.Render(c, http.StatusOK, "apps.html", "Applications", "apps", gin.H{"Apps": apps})
}

// loadApp fetches the app of the path, rendering a 404 page when it does not
// exist.
func (con *Console) loadApp(c *gin.Context) (okta.App, bool) {
	app, err := con.sim.App(c, c.Param("id"))
	if err != nil {
		con.site.ErrorPage(c, statusOf(err), summary(err))
		return okta.App{}, false
	}
	return app, true
}

// appPage is what every tab of an app's page receives.
type appPage struct {
	App  okta.App
	Tab  string
	Data any
}

func (con *Console) renderApp(c *gin.Context, app okta.App, tab, title string, data any) {
	con.site.Render(c, http.StatusOK, tab+".html", app.Label+" · "+title, "apps",
		appPage{App: app, Tab: tab, Data: data})
}

func (con *Console) provisioning(c *gin.Context) {
	app, found := con.loadApp(c)
	if !found {
		return
	}
	conn := okta.Connection{AuthScheme: okta.AuthToken}
	if app.Connection != nil {
		conn = *app.Connection
	}
	con.renderApp(c, app, "provisioning", "Provisioning", gin.H{
		"Conn": conn, "HasToken": conn.Token != "", "Schemes": []string{
			okta.AuthToken, okta.AuthHeader, okta.AuthBasic,
		},
	})
}

// connectionFromForm reads the connection form. A blank token or password
// keeps the saved one, as Okta's masked fields do.
func connectionFromForm(c *gin.Context, app okta.App) okta.Connection {
	conn := okta.Connection{
		BaseURL:    strings.TrimSpace(c.PostForm("base_url")),
		AuthScheme: c.PostForm("auth_scheme"),
		Token:      strings.TrimSpace(c.PostForm("token")),
		Username:   strings.TrimSpace(c.PostForm("username")),
		Password:   c.PostForm("password"),
	}
	if saved := app.Connection; saved != nil {
		if conn.Token == "" {
			conn.Token = saved.Token
		}
		if conn.Password == "" {
			conn.Password = saved.Password
		}
	}
	return conn
}

func (con *Console) testConnection(c *gin.Context) {
	app, found := con.loadApp(c)
	if !found {
		return
	}
	back := at("apps", app.ID, "provisioning")
	if err := con.sim.TestConnection(c, app.ID, connectionFromForm(c, app)); err != nil {
		con.site.Redirect(c, back, failed(err))
		return
	}
	con.site.Redirect(c, back, webui.OK("%s was verified successfully!", app.Label))
}

func (con *Console) saveConnection(c *gin.Context) {
	app, found := con.loadApp(c)
	if !found {
		return
	}
	back := at("apps", app.ID, "provisioning")
	enable := c.PostForm("enable") != ""
	if _, err := con.sim.SetConnection(c, app.ID, connectionFromForm(c, app), enable); err != nil {
		con.site.Redirect(c, back, failed(err))
		return
	}
	con.site.Redirect(c, back, webui.OK("Saved the connection of %s.", app.Label))
}

func (con *Console) connectionStatus(c *gin.Context) {
	id := c.Param("id")
	on := c.PostForm("enabled") == "true"
	if _, err := con.sim.SetConnectionStatus(c, id, on); err != nil {
		con.site.Redirect(c, at("apps", id, "provisioning"), failed(err))
		return
	}
	con.site.Redirect(c, at("apps", id, "provisioning"), webui.OK("API integration %s.", onOff(on, "enabled",
		"disabled")))
}

func (con *Console) saveFeatures(c *gin.Context) {
	id := c.Param("id")
	f := okta.Features{
		CreateUsers:          c.PostForm("create_users") != "",
		UpdateUserAttributes: c.PostForm("update_user_attributes") != "",
		DeactivateUsers:      c.PostForm("deactivate_users") != "",
		PushGroups:           c.PostForm("push_groups") != "",
	}
	if _, err := con.sim.SetFeatures(c, id, f); err != nil {
		con.site.Redirect(c, at("apps", id, "provisioning"), failed(err))
		return
	}
	con.site.Redirect(c, at("apps", id, "provisioning"), webui.OK("Saved the To App settings."))
}

func (con *Console) appStatus(c *gin.Context) {
	id := c.Param("id")
	on := c.PostForm("active") == "true"
	app, err := con.sim.SetAppStatus(c, id, on)
	if err != nil {
		con.site.Redirect(c, at("apps", id, "provisioning"), failed(err))
		return
	}
	con.site.Redirect(c, at("apps", id, "provisioning"), webui.OK("%s is %s.", app.Label,
		onOff(on, "active", "inactive")))
}

func onOff(on bool, yes, no string) string {
	if on {
		return yes
	}
	return no
}
