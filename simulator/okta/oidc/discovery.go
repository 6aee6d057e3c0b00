package oidc

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// Paths the provider serves, as Okta's org authorization server names them
// (PathSignIn is idpsim's own: where the sign-in form posts). Endpoint URLs
// are the issuer followed by the path.
const (
	PathDiscovery  = "/.well-known/openid-configuration"
	PathAuthorize  = "/oauth2/v1/authorize"
	PathSignIn     = "/oauth2/v1/signin"
	PathToken      = "/oauth2/v1/token"
	PathUserInfo   = "/oauth2/v1/userinfo"
	PathKeys       = "/oauth2/v1/keys"
	PathLogout     = "/oauth2/v1/logout"
	PathRevoke     = "/oauth2/v1/revoke"
	PathIntrospect = "/oauth2/v1/introspect"
)

// discoveryDocument is the provider metadata (OIDC Discovery §3, RFC 8414).
type discoveryDocument struct {
	Issuer                            string   `json:"issuer"`
	AuthorizationEndpoint             string   `json:"authorization_endpoint"`
	TokenEndpoint                     string   `json:"token_endpoint"`
	UserInfoEndpoint                  string   `json:"userinfo_endpoint"`
	JWKSURI                           string   `json:"jwks_uri"`
	EndSessionEndpoint                string   `json:"end_session_endpoint"`
	RevocationEndpoint                string   `json:"revocation_endpoint"`
	IntrospectionEndpoint             string   `json:"introspection_endpoint"`
	ResponseTypesSupported            []string `json:"response_types_supported"`
	ResponseModesSupported            []string `json:"response_modes_supported"`
	GrantTypesSupported               []string `json:"grant_types_supported"`
	SubjectTypesSupported             []string `json:"subject_types_supported"`
	IDTokenSigningAlgValuesSupported  []string `json:"id_token_signing_alg_values_supported"`
	ScopesSupported                   []string `json:"scopes_supported"`
	TokenEndpointAuthMethodsSupported []string `json:"token_endpoint_auth_methods_supported"`
	RevocationAuthMethodsSupported    []string `json:"revocation_endpoint_auth_methods_supported"`
	IntrospectAuthMethodsSupported    []string `json:"introspection_endpoint_auth_methods_supported"`
	ClaimsSupported                   []string `json:"claims_supported"`
	CodeChallengeMethodsSupported     []string `json:"code_challenge_methods_supported"`
	RequestParameterSupported         bool     `json:"request_parameter_supported"`
}

func (p *Provider) registerDiscoveryRoutes(r gin.IRouter) {
	r.GET(PathDiscovery, p.handleDiscovery)
	r.GET(PathKeys, p.handleKeys)
}

func (p *Provider) handleDiscovery(c *gin.Context) {
	authMethods := []string{"client_secret_basic", "client_secret_post", "none"}
	c.JSON(http.StatusOK, discoveryDocument{
		Issuer:                            p.cfg.Issuer,
		AuthorizationEndpoint:             p.endpoint(PathAuthorize),
		TokenEndpoint:                     p.endpoint(PathToken),
		UserInfoEndpoint:                  p.endpoint(PathUserInfo),
		JWKSURI:                           p.endpoint(PathKeys),
		EndSessionEndpoint:                p.endpoint(PathLogout),
		RevocationEndpoint:                p.endpoint(PathRevoke),
		IntrospectionEndpoint:             p.endpoint(PathIntrospect),
		ResponseTypesSupported:            []string{"code"},
		ResponseModesSupported:            []string{"query"},
		GrantTypesSupported:               []string{GrantAuthorizationCode, GrantRefreshToken},
		SubjectTypesSupported:             []string{"public"},
		IDTokenSigningAlgValuesSupported:  []string{"RS256"},
		ScopesSupported:                   supportedScopes,
		TokenEndpointAuthMethodsSupported: authMethods,
		RevocationAuthMethodsSupported:    authMethods,
		IntrospectAuthMethodsSupported:    authMethods,
		ClaimsSupported: []string{
			"iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "at_hash", "amr",
			"name", "preferred_username", "given_name", "family_name",
			"email", "email_verified", "groups",
		},
		CodeChallengeMethodsSupported: []string{"S256"},
	})
}

func (p *Provider) handleKeys(c *gin.Context) {
	keys, err := p.keys.jwks()
	if err != nil {
		renderJSONError(c, err)
		return
	}
	c.Header("Cache-Control", "max-age=3600")
	c.JSON(http.StatusOK, keys)
}
