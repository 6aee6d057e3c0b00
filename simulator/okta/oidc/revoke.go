package oidc

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

func (p *Provider) registerRevokeRoutes(r gin.IRouter) {
	r.POST(PathRevoke, p.handleRevoke)
}

// handleRevoke runs token revocation (RFC 7009 §2). Unknown, expired and
// already revoked tokens are answered 200 like a successful revocation; the
// token_type_hint is ignored, since every token is looked up the same way.
func (p *Provider) handleRevoke(c *gin.Context) {
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

	tok, ok := p.store.token(value, p.cfg.Now())
	if ok && tok.clientID != client.ID {
		// RFC 7009 §2.1: a token issued to another client is refused.
		renderJSONError(c, badRequest(errInvalidRequest,
			"The token was not issued to this client."))
		return
	}
	if ok {
		p.store.revokeToken(value)
		p.cfg.Logger.Info("oidc token revoked", "client_id", client.ID, "user_id", tok.userID,
			"kind", string(tok.kind))
	}
	noStore(c)
	c.Status(http.StatusOK)
}
