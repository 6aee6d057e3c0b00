package okta

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// appSettingsJSON is settings.app of a SCIM app: the Okta variants where
// sources disagree, next to clientProfile.
type appSettingsJSON struct {
	ClientProfile       string `json:"clientProfile"`
	MembershipBatchSize int    `json:"membershipBatchSize"`
	FilterEncoding      string `json:"filterEncoding"`
	PushNowShape        string `json:"pushNowShape"`
	SkipTLSVerify       bool   `json:"skipTlsVerify"`
}

// oauthSettingsJSON is settings.oauthClient of an OIDC app.
type oauthSettingsJSON struct {
	RedirectURIs           []string `json:"redirect_uris"`
	PostLogoutRedirectURIs []string `json:"post_logout_redirect_uris,omitempty"`
	GrantTypes             []string `json:"grant_types,omitempty"`
}

type settingsJSON struct {
	App         appSettingsJSON    `json:"app"`
	OAuthClient *oauthSettingsJSON `json:"oauthClient,omitempty"`
}

// oauthCredentialsJSON is credentials.oauthClient of an OIDC app; the
// secret is shown when the app is created only.
type oauthCredentialsJSON struct {
	ClientID                string `json:"client_id"`
	ClientSecret            string `json:"client_secret,omitempty"`
	TokenEndpointAuthMethod string `json:"token_endpoint_auth_method"`
}

type credentialsJSON struct {
	OAuthClient *oauthCredentialsJSON `json:"oauthClient,omitempty"`
}

type appJSON struct {
	ID          string           `json:"id"`
	Name        string           `json:"name"`
	Label       string           `json:"label"`
	Status      string           `json:"status"`
	Created     string           `json:"created"`
	LastUpdated string           `json:"lastUpdated"`
	SignOnMode  string           `json:"signOnMode"`
	Features    []string         `json:"features"`
	Settings    settingsJSON     `json:"settings"`
	Credentials *credentialsJSON `json:"credentials,omitempty"`
	Links       map[string]any   `json:"_links"`
}

// renderOIDC fills the OAuth client blocks of an OIDC app.
func renderOIDC(out *appJSON, a App, withSecret bool) {
	if a.OIDC == nil {
		return
	}
	o := a.OIDC
	out.Settings.OAuthClient = &oauthSettingsJSON{
		RedirectURIs:           o.RedirectURIs,
		PostLogoutRedirectURIs: o.PostLogoutRedirectURIs, GrantTypes: o.GrantTypes,
	}
	cred := &oauthCredentialsJSON{ClientID: o.ClientID, TokenEndpointAuthMethod: "none"}
	if o.ClientSecret != "" {
		cred.TokenEndpointAuthMethod = "client_secret_basic"
	}
	if withSecret {
		cred.ClientSecret = o.ClientSecret
	}
	out.Credentials = &credentialsJSON{OAuthClient: cred}
}

func (s *Sim) renderApp(a App) appJSON {
	features := []string{}
	if a.provisioning() {
		for _, f := range []struct {
			on   bool
			name string
		}{
			{a.Features.CreateUsers, "PUSH_NEW_USERS"},
			{a.Features.UpdateUserAttributes, "PUSH_PROFILE_UPDATES"},
			{a.Features.DeactivateUsers, "PUSH_USER_DEACTIVATION"},
			{a.Features.PushGroups, "GROUP_PUSH"},
		} {
			if f.on {
				features = append(features, f.name)
			}
		}
	}
	base := s.cfg.PublicURL + "/api/v1/apps/" + a.ID
	out := appJSON{
		ID: a.ID, Name: a.Name, Label: a.Label, Status: a.Status, Created: okTime(a.Created),
		LastUpdated: okTime(a.LastUpdated), SignOnMode: a.SignOnMode, Features: features,
		Settings: settingsJSON{App: appSettingsJSON(a.Settings)},
		Links: map[string]any{
			"self": link(base), "users": link(base + "/users"),
			"groups": link(base + "/groups"),
		},
	}
	renderOIDC(&out, a, false)
	return out
}

type appBody struct {
	Name        string          `json:"name"`
	Label       string          `json:"label"`
	SignOnMode  string          `json:"signOnMode"`
	Settings    settingsJSON    `json:"settings"`
	Credentials credentialsJSON `json:"credentials"`
}

// oidc reads the OAuth client of an OIDC app; a confidential client without
// a secret gets a random one.
func (b appBody) oidc() *OIDCClient {
	if b.SignOnMode != SignOnOIDC {
		return nil
	}
	o := &OIDCClient{}
	if st := b.Settings.OAuthClient; st != nil {
		o.RedirectURIs, o.PostLogoutRedirectURIs = st.RedirectURIs, st.PostLogoutRedirectURIs
		o.GrantTypes = st.GrantTypes
	}
	cred := b.Credentials.OAuthClient
	if cred != nil {
		o.ClientID, o.ClientSecret = cred.ClientID, cred.ClientSecret
	}
	if o.ClientSecret == "" && (cred == nil || cred.TokenEndpointAuthMethod != "none") {
		o.ClientSecret = randomPassword() + randomPassword()
	}
	return o
}

func (b appBody) settings() AppSettings {
	return AppSettings(b.Settings.App)
}

func (s *Sim) registerAppRoutes(r *gin.RouterGroup) {
	r.GET("/apps", s.listApps)
	r.POST("/apps", s.createAppRoute)
	r.GET("/apps/:appId", s.getAppRoute)
	r.PUT("/apps/:appId", s.updateAppRoute)
	r.DELETE("/apps/:appId", s.deleteAppRoute)
	r.POST("/apps/:appId/lifecycle/:op", s.appLifecycle)
	r.GET("/apps/:appId/connections/default", s.getConnection)
	r.POST("/apps/:appId/connections/default", s.setConnectionRoute)
	r.POST("/apps/:appId/connections/default/lifecycle/:op", s.connectionLifecycle)
	r.GET("/apps/:appId/features", s.listFeatures)
	r.GET("/apps/:appId/features/:name", s.getFeature)
	r.PUT("/apps/:appId/features/:name", s.setFeature)
}

func (s *Sim) listApps(c *gin.Context) {
	apps, err := s.store.ListApps(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	page, next, err := paginate(c, apps, func(a App) string { return a.ID })
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]appJSON, 0, len(page))
	for _, a := range page {
		out = append(out, s.renderApp(a))
	}
	s.linkHeaders(c, next)
	c.JSON(http.StatusOK, out)
}

func (s *Sim) createAppRoute(c *gin.Context) {
	var body appBody
	if err := bind(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	status := AppActive
	if c.Query("activate") == "false" {
		status = AppInactive
	}
	a, err := s.CreateApp(c, App{
		Name: body.Name, Label: body.Label, SignOnMode: body.SignOnMode,
		Status: status, Settings: body.settings(), Features: allFeatures, OIDC: body.oidc(),
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	out := s.renderApp(a)
	renderOIDC(&out, a, true)
	c.JSON(http.StatusOK, out)
}

func (s *Sim) getAppRoute(c *gin.Context) {
	a, err := s.getApp(c, c.Param("appId"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, s.renderApp(a))
}

func (s *Sim) updateAppRoute(c *gin.Context) {
	var body appBody
	if err := bind(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	a, err := s.UpdateApp(c, c.Param("appId"), body.Label, body.settings())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, s.renderApp(a))
}

func (s *Sim) deleteAppRoute(c *gin.Context) {
	if err := s.DeleteApp(c, c.Param("appId")); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Sim) appLifecycle(c *gin.Context) {
	op := c.Param("op")
	if op != "activate" && op != "deactivate" {
		s.fail(c, errNotFoundResource(op, "lifecycle operation"))
		return
	}
	if _, err := s.SetAppStatus(c, c.Param("appId"), op == "activate"); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{})
}

// connectionJSON is Okta's provisioning connection; secrets never return.
type connectionJSON struct {
	AuthScheme string            `json:"authScheme"`
	BaseURL    string            `json:"baseUrl"`
	Profile    map[string]string `json:"profile"`
	Status     string            `json:"status"`
}

func renderConnection(a App) connectionJSON {
	if a.Connection == nil {
		return connectionJSON{
			AuthScheme: "UNKNOWN", Profile: map[string]string{},
			Status: ConnDisabled,
		}
	}
	return connectionJSON{
		AuthScheme: a.Connection.AuthScheme, BaseURL: a.Connection.BaseURL,
		Profile: map[string]string{"authScheme": a.Connection.AuthScheme},
		Status:  a.Connection.Status,
	}
}

type connectionBody struct {
	BaseURL string `json:"baseUrl"`
	Profile struct {
		AuthScheme string `json:"authScheme"`
		Token      string `json:"token"`
		Username   string `json:"username"`
		Password   string `json:"password"`
	} `json:"profile"`
}

func (s *Sim) getConnection(c *gin.Context) {
	a, err := s.getApp(c, c.Param("appId"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, renderConnection(a))
}

func (s *Sim) setConnectionRoute(c *gin.Context) {
	var body connectionBody
	if err := bind(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	p := body.Profile
	a, err := s.SetConnection(c, c.Param("appId"), Connection{
		BaseURL:    body.BaseURL,
		AuthScheme: p.AuthScheme, Token: p.Token, Username: p.Username, Password: p.Password,
	},
		c.Query("activate") == "true")
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, renderConnection(a))
}

func (s *Sim) connectionLifecycle(c *gin.Context) {
	op := c.Param("op")
	if op != "activate" && op != "deactivate" {
		s.fail(c, errNotFoundResource(op, "lifecycle operation"))
		return
	}
	if _, err := s.SetConnectionStatus(c, c.Param("appId"), op == "activate"); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
