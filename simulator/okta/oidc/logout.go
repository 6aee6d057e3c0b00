package oidc

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"
)

func (p *Provider) registerLogoutRoutes(r gin.IRouter) {
	r.GET(PathLogout, p.handleLogout)
	r.POST(PathLogout, p.handleLogout)
}

// handleLogout runs RP-initiated logout (OIDC RP-Initiated Logout 1.0 §2):
// it ends the browser's Okta session and, when the post_logout_redirect_uri
// is registered for the client named by id_token_hint, redirects there with
// the state. Tokens already issued stay valid, as with Okta.
func (p *Provider) handleLogout(c *gin.Context) {
	if err := c.Request.ParseForm(); err != nil {
		p.renderErrorPage(c, badRequest(errInvalidRequest, "The request could not be parsed."))
		return
	}
	params := c.Request.Form
	redirect, err := p.logoutRedirect(c, params)
	if err != nil {
		p.renderErrorPage(c, err)
		return
	}

	p.endBrowserSession(c)
	p.setCookie(c, sessionCookie, "", -1)

	if redirect == "" {
		p.renderPage(c, http.StatusOK, "message.html", messagePage{
			Title: "Signed out", Message: "You are signed out.",
		})
		return
	}
	q := url.Values{}
	if state := params.Get("state"); state != "" {
		q.Set("state", state)
	}
	c.Redirect(http.StatusFound, withQuery(redirect, q))
}

// logoutRedirect validates id_token_hint and post_logout_redirect_uri before
// anything is ended, and returns where to send the browser ("" for the
// provider's own page).
func (p *Provider) logoutRedirect(c *gin.Context, params url.Values) (string, error) {
	hint, redirect := params.Get("id_token_hint"), params.Get("post_logout_redirect_uri")
	if hint == "" {
		if redirect != "" {
			return "", badRequest(errInvalidRequest,
				"The 'id_token_hint' parameter is required with 'post_logout_redirect_uri'.")
		}
		return "", nil
	}

	var claims idClaims
	if err := p.keys.verify(hint, &claims); err != nil || claims.Issuer != p.cfg.Issuer ||
		len(claims.Audience) != 1 {
		return "", badRequest(errInvalidRequest, "The 'id_token_hint' parameter is invalid.")
	}
	if redirect == "" {
		return "", nil
	}
	client, err := p.dir.Client(c.Request.Context(), claims.Audience[0])
	if errors.Is(err, ErrUnknownClient) {
		return "", badRequest(errInvalidRequest, "The 'id_token_hint' names an unknown client.")
	}
	if err != nil {
		return "", err
	}
	if !client.hasPostLogoutRedirectURI(redirect) {
		return "", badRequest(errInvalidRequest, "The 'post_logout_redirect_uri' parameter "+
			"must be a Logout redirect URI in the client app settings.")
	}
	return redirect, nil
}
