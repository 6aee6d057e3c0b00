package console

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idpsim/idpsim/simulator/castai"
	"github.com/idpsim/idpsim/simulator/webui"
)

func (con *Console) registerSSORoutes(r *gin.RouterGroup) {
	r.GET("/sso", con.ssoList)
	r.GET("/sso/new", con.ssoDrawer)
	r.POST("/sso/new", con.ssoCreate)
	r.GET("/sso/:id", con.ssoDrawer)
	r.POST("/sso/:id", con.ssoSave)
	r.POST("/sso/:id/delete", con.ssoDelete)
}

type ssoData struct {
	Connections []castai.ConsoleConnection
	Roles       []castai.Role
	// Open is the connection whose drawer is open; New opens an empty one.
	Open *castai.ConsoleConnection
	New  bool
	// Token is the SCIM token shown once after sync was turned on.
	Token *castai.SCIMToken
	Error string
}

func (con *Console) loadSSO(c *gin.Context) (ssoData, error) {
	var d ssoData
	var conns struct {
		Connections []castai.ConsoleConnection `json:"connections"`
	}
	if err := con.call(c, http.MethodGet, "/v1/sso-connections", nil, &conns); err != nil {
		return d, err
	}
	var roles struct {
		Roles []castai.Role `json:"roles"`
	}
	if err := con.call(c, http.MethodGet, con.org(c, "/roles"), nil, &roles); err != nil {
		return d, err
	}
	d.Connections, d.Roles = conns.Connections, roles.Roles
	return d, nil
}

func (con *Console) ssoList(c *gin.Context) {
	d, err := con.loadSSO(c)
	if err != nil {
		con.failPage(c, err)
		return
	}
	con.site.Render(c, http.StatusOK, "sso.html", "SSO", "sso", d)
}

// ssoDrawer renders the list with one connection's drawer open.
func (con *Console) ssoDrawer(c *gin.Context) {
	d, err := con.loadSSO(c)
	if err != nil {
		con.failPage(c, err)
		return
	}
	if !con.openDrawer(c, &d) {
		return
	}
	con.site.Render(c, http.StatusOK, "sso.html", "SSO", "sso", d)
}

func (con *Console) openDrawer(c *gin.Context, d *ssoData) bool {
	id := c.Param("id")
	if id == "" {
		d.New, d.Open = true, &castai.ConsoleConnection{
			DefaultRoleID: castai.RoleViewer, Okta: &castai.OktaBlock{},
		}
		return true
	}
	for i := range d.Connections {
		if d.Connections[i].ID == id {
			d.Open = &d.Connections[i]
			if d.Open.Okta == nil && d.Open.OIDC == nil {
				d.Open.Okta = &castai.OktaBlock{}
			}
			return true
		}
	}
	con.site.ErrorPage(c, http.StatusNotFound, "There is no SSO connection "+id+".")
	return false
}

// connectionForm is the body of the connection drawer's save.
func connectionForm(c *gin.Context) map[string]any {
	body := map[string]any{
		"name":          strings.TrimSpace(c.PostForm("name")),
		"emailDomain":   strings.TrimSpace(c.PostForm("email_domain")),
		"defaultRoleId": c.PostForm("default_role_id"),
	}
	block := map[string]any{
		"clientId":     strings.TrimSpace(c.PostForm("client_id")),
		"clientSecret": c.PostForm("client_secret"),
	}
	if c.PostForm("kind") == "oidc" {
		block["issuerUrl"] = strings.TrimSpace(c.PostForm("domain"))
		body["oidc"] = block
	} else {
		block["oktaDomain"] = strings.TrimSpace(c.PostForm("domain"))
		body["okta"] = block
	}
	return body
}

// rerender shows the drawer again with the API's refusal, keeping the
// form's values: the client secret is never echoed back.
func (con *Console) rerender(c *gin.Context, err error) {
	d, lerr := con.loadSSO(c)
	if lerr != nil {
		con.failPage(c, lerr)
		return
	}
	if !con.openDrawer(c, &d) {
		return
	}
	d.Error = err.Error()
	d.Open.Name = c.PostForm("name")
	d.Open.EmailDomain = c.PostForm("email_domain")
	d.Open.DefaultRoleID = c.PostForm("default_role_id")
	status := http.StatusBadRequest
	var ae *apiError
	if errors.As(err, &ae) {
		status = ae.Status
	}
	con.site.Render(c, status, "sso.html", "SSO", "sso", d)
}

func (con *Console) ssoCreate(c *gin.Context) {
	var created castai.ConsoleConnection
	if err := con.call(c, http.MethodPost, "/v1/sso-connections", connectionForm(c),
		&created); err != nil {
		con.rerender(c, err)
		return
	}
	con.applySync(c, created, false)
}

func (con *Console) ssoSave(c *gin.Context) {
	id := c.Param("id")
	var saved castai.ConsoleConnection
	if err := con.call(c, http.MethodPost, "/v1/sso-connections/"+id, connectionForm(c),
		&saved); err != nil {
		con.rerender(c, err)
		return
	}
	con.applySync(c, saved, saved.IsSynced)
}

// applySync follows the sync box after a save. Turning sync on shows the new
// SCIM token on the answer page itself (never in a redirect or cookie), as
// Cast AI shows it once.
func (con *Console) applySync(c *gin.Context, conn castai.ConsoleConnection, was bool) {
	want := c.PostForm("sync") != ""
	if want == was {
		con.site.Redirect(c, at("sso"), webui.OK("Saved the SSO connection %s.", conn.Name))
		return
	}
	var res struct {
		Token *castai.SCIMToken `json:"token"`
	}
	path := "/v1/sso-connections/" + conn.ID + "/sync"
	if err := con.call(c, http.MethodPost, path, map[string]bool{"sync": want}, &res); err != nil {
		con.site.Redirect(c, at("sso"), failed(err))
		return
	}
	if !want {
		con.site.Redirect(c, at("sso"), webui.OK("Group sync is off for %s: synced users and groups are now "+
			"regular ones and the SCIM token is revoked.", conn.Name))
		return
	}
	d, err := con.loadSSO(c)
	if err != nil {
		con.failPage(c, err)
		return
	}
	d.Token = res.Token
	con.site.Render(c, http.StatusOK, "sso.html", "SSO", "sso", d)
}

func (con *Console) ssoDelete(c *gin.Context) {
	id := c.Param("id")
	if err := con.call(c, http.MethodDelete, "/v1/sso-connections/"+id, nil, nil); err != nil {
		con.site.Redirect(c, at("sso"), failed(err))
		return
	}
	con.site.Redirect(c, at("sso"), webui.OK("Deleted the SSO connection."))
}
