package oidc

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// introspection is the RFC 7662 §2.2 response; only Active is sent for an
// inactive token.
type introspection struct {
	Active    bool   `json:"active"`
	Scope     string `json:"scope,omitempty"`
	ClientID  string `json:"client_id,omitempty"`
	Username  string `json:"username,omitempty"`
	TokenType string `json:"token_type,omitempty"`
	Exp       int64  `json:"exp,omitempty"`
	Iat       int64  `json:"iat,omitempty"`
	Sub       string `json:"sub,omitempty"`
	Aud       string `json:"aud,omitempty"`
	Iss       string `json:"iss,omitempty"`
	UID       string `json:"uid,omitempty"` // Okta's user id field
}

func (p *Provider) registerIntrospectRoutes(r gin.IRouter) {
	r.POST(PathIntrospect, p.handleIntrospect)
}

// handleIntrospect runs token introspection (RFC 7662). A token is active
// only while it is live, belongs to the calling client, and its user is
// still active in the directory.
func (p *Provider) handleIntrospect(c *gin.Context) {
	client, err := p.authenticateClient(c)
	if err != nil {
		renderJSONError(c, err)
		return
	}
	value := c.PostForm("token")
	if value == "" {
		renderJSONError(c, badRequest(errInvalidRequest, "The 'token' parameter is required."))
		return
	}

	noStore(c)
	tok, ok := p.store.token(value, p.cfg.Now())
	if !ok || tok.clientID != client.ID {
		c.JSON(http.StatusOK, introspection{Active: false})
		return
	}
	subject, err := p.dir.Subject(c.Request.Context(), tok.userID)
	if err != nil || !subject.Active {
		c.JSON(http.StatusOK, introspection{Active: false})
		return
	}
	c.JSON(http.StatusOK, introspection{
		Active:    true,
		Scope:     strings.Join(tok.scopes, " "),
		ClientID:  tok.clientID,
		Username:  subject.Login,
		TokenType: tokenTypeFor(tok.kind),
		Exp:       tok.expires.Unix(),
		Iat:       tok.issued.Unix(),
		Sub:       subject.Login, // Okta puts the login in sub and the id in uid
		Aud:       tok.clientID,
		Iss:       p.cfg.Issuer,
		UID:       subject.ID,
	})
}

// tokenTypeFor names the token kind as Okta's introspection does.
func tokenTypeFor(kind tokenKind) string {
	if kind == refreshToken {
		return "refresh_token"
	}
	return "Bearer"
}
