package castai

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idpsim/idpsim/simulator/castai/store"
)

const (
	serverKey     = "castsim.server"
	connectionKey = "castsim.connection"
)

// authSCIM accepts "Authorization: Bearer <token>" and, as Okta's header-auth
// apps send it, the raw token alone. The token must be the active token of a
// connection with sync on; tokens are compared as hashes in constant time.
func (s *Server) authSCIM(c *gin.Context) {
	c.Set(serverKey, s)
	token := bearerToken(c.GetHeader("Authorization"))
	if token == "" {
		c.Header("WWW-Authenticate", `Bearer realm="castsim"`)
		writeSCIMError(c, scimError(http.StatusUnauthorized, "",
			"missing Authorization header; send Authorization: Bearer <SCIM token>"))
		return
	}
	tok, ok := store.MatchToken(s.store.ActiveTokens(), hashToken(token))
	if !ok {
		writeSCIMError(c, scimError(http.StatusUnauthorized, "",
			"the SCIM token is not valid or has been revoked"))
		return
	}
	conn, err := s.store.Connection(tok.ConnectionID)
	if err != nil || !conn.IsSynced {
		writeSCIMError(c, scimError(http.StatusUnauthorized, "",
			"group sync is off for this SSO connection"))
		return
	}
	c.Set(connectionKey, conn)
	c.Next()
}

func bearerToken(header string) string {
	header = strings.TrimSpace(header)
	if len(header) > 7 && strings.EqualFold(header[:7], "bearer ") {
		return strings.TrimSpace(header[7:])
	}
	return header
}

// connectionOf returns the SSO connection whose token authenticated c.
func connectionOf(c *gin.Context) store.Connection {
	v, _ := c.Get(connectionKey)
	conn, _ := v.(store.Connection)
	return conn
}
