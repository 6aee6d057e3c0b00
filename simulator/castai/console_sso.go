package castai

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/idpsim/idpsim/simulator/castai/store"
)

// StatusActive is the status of a working SSO connection.
const StatusActive = "STATUS_ACTIVE"

// ConsoleConnection is an SSO connection in Cast AI's shape. The client
// secret is never returned (decision 7).
type ConsoleConnection struct {
	ID                     string     `json:"id"`
	Name                   string     `json:"name"`
	EmailDomain            string     `json:"emailDomain"`
	AdditionalEmailDomains []string   `json:"additionalEmailDomains"`
	DefaultRoleID          string     `json:"defaultRoleId"`
	IsSynced               bool       `json:"isSynced"`
	Status                 string     `json:"status"`
	Error                  string     `json:"error"`
	Okta                   *OktaBlock `json:"okta,omitempty"`
	OIDC                   *OIDCBlock `json:"oidc,omitempty"`
	SSOServiceAccountID    string     `json:"ssoServiceAccountId,omitempty"`
	CreatedAt              time.Time  `json:"createdAt"`
	UpdatedAt              time.Time  `json:"updatedAt"`
}

// OktaBlock is the okta connector of an SSO connection.
type OktaBlock struct {
	OktaDomain   string `json:"oktaDomain"`
	ClientID     string `json:"clientId"`
	ClientSecret string `json:"clientSecret,omitempty"`
}

// OIDCBlock is the generic OIDC connector of an SSO connection.
type OIDCBlock struct {
	IssuerURL    string `json:"issuerUrl"`
	ClientID     string `json:"clientId"`
	ClientSecret string `json:"clientSecret,omitempty"`
	Type         string `json:"type,omitempty"`
}

// SCIMToken is a SCIM bearer token as shown once, when sync is turned on.
type SCIMToken struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Token       string    `json:"token"`
	TokenPrefix string    `json:"tokenPrefix"`
	Active      bool      `json:"active"`
	CreatedAt   time.Time `json:"createdAt"`
}

type connectionRequest struct {
	Name                   *string    `json:"name"`
	EmailDomain            *string    `json:"emailDomain"`
	AdditionalEmailDomains *[]string  `json:"additionalEmailDomains"`
	DefaultRoleID          *string    `json:"defaultRoleId"`
	Okta                   *OktaBlock `json:"okta"`
	OIDC                   *OIDCBlock `json:"oidc"`
}

func (s *Server) registerConnectionRoutes(r *gin.RouterGroup) {
	r.GET("/sso-connections", s.listConnections)
	r.POST("/sso-connections", s.createConnection)
	r.GET("/sso-connections/:id", s.getConnection)
	r.POST("/sso-connections/:id", s.updateConnection)
	r.PUT("/sso-connections/:id", s.updateConnection)
	r.PATCH("/sso-connections/:id", s.updateConnection)
	r.DELETE("/sso-connections/:id", s.deleteConnection)
	r.POST("/sso-connections/:id/sync", s.syncConnection)
}

func consoleConnection(c store.Connection) ConsoleConnection {
	out := ConsoleConnection{
		ID: c.ID, Name: c.Name, EmailDomain: c.EmailDomain,
		AdditionalEmailDomains: append([]string{}, c.AdditionalEmailDomains...),
		DefaultRoleID:          c.DefaultRoleID, IsSynced: c.IsSynced, Status: c.Status,
		SSOServiceAccountID: c.ServiceAccountID, CreatedAt: c.Created, UpdatedAt: c.Updated,
	}
	if c.Okta != nil {
		out.Okta = &OktaBlock{OktaDomain: c.Okta.Domain, ClientID: c.Okta.ClientID}
	}
	if c.OIDC != nil {
		out.OIDC = &OIDCBlock{
			IssuerURL: c.OIDC.IssuerURL, ClientID: c.OIDC.ClientID,
			Type: c.OIDC.Type,
		}
	}
	return out
}

func (s *Server) listConnections(c *gin.Context) {
	conns := s.store.Connections()
	out := make([]ConsoleConnection, len(conns))
	for i, conn := range conns {
		out[i] = consoleConnection(conn)
	}
	c.JSON(http.StatusOK, gin.H{"connections": out})
}

func (s *Server) getConnection(c *gin.Context) {
	conn, err := s.store.Connection(c.Param("id"))
	if err != nil {
		consoleStoreError(c, err, "sso connection "+c.Param("id"))
		return
	}
	c.JSON(http.StatusOK, consoleConnection(conn))
}

func (s *Server) createConnection(c *gin.Context) {
	var req connectionRequest
	if !readConsoleJSON(c, &req) {
		return
	}
	conn := store.Connection{
		Name: "SSO", DefaultRoleID: RoleViewer, Status: StatusActive,
		ServiceAccountID: newServiceAccountID(),
	}
	if req.Okta == nil && req.OIDC == nil {
		consoleError(c, http.StatusBadRequest, "an SSO connection needs an okta or oidc block")
		return
	}
	if msg := s.applyConnection(&conn, req, true); msg != "" {
		consoleError(c, http.StatusBadRequest, msg)
		return
	}
	created, err := s.store.CreateConnection(conn)
	if err != nil {
		consoleStoreError(c, err, "sso connection")
		return
	}
	c.JSON(http.StatusOK, consoleConnection(created))
}

// applyConnection sets conn from a request and returns a message for the
// client when the request is invalid. Saving any change requires the client
// secret in the same request (decision 7).
func (s *Server) applyConnection(conn *store.Connection, req connectionRequest,
	create bool,
) string {
	if req.Okta != nil && req.OIDC != nil {
		return "send one connector block: okta or oidc"
	}
	secret := ""
	if req.Okta != nil {
		secret = req.Okta.ClientSecret
	}
	if req.OIDC != nil {
		secret = req.OIDC.ClientSecret
	}
	if strings.TrimSpace(secret) == "" && (create || !s.defects.on(DefectSecretNotRequired)) {
		return "clientSecret is required: send the connector's client secret " +
			"(okta.clientSecret or oidc.clientSecret) with every change"
	}
	if req.DefaultRoleID != nil {
		if _, ok := roleByID(*req.DefaultRoleID); !ok {
			return "defaultRoleId " + *req.DefaultRoleID + " is not a role of this organization"
		}
		conn.DefaultRoleID = *req.DefaultRoleID
	}
	if req.Name != nil {
		conn.Name = *req.Name
	}
	if req.EmailDomain != nil {
		conn.EmailDomain = *req.EmailDomain
	}
	if req.AdditionalEmailDomains != nil {
		conn.AdditionalEmailDomains = *req.AdditionalEmailDomains
	}
	return applyConnector(conn, req)
}

func applyConnector(conn *store.Connection, req connectionRequest) string {
	switch {
	case req.Okta != nil:
		if req.Okta.OktaDomain == "" || req.Okta.ClientID == "" {
			return "okta needs oktaDomain, clientId and clientSecret"
		}
		conn.Okta = &store.OktaConfig{
			Domain: req.Okta.OktaDomain, ClientID: req.Okta.ClientID,
			ClientSecret: req.Okta.ClientSecret,
		}
		conn.OIDC = nil
	case req.OIDC != nil:
		if req.OIDC.IssuerURL == "" || req.OIDC.ClientID == "" {
			return "oidc needs issuerUrl, clientId and clientSecret"
		}
		conn.OIDC = &store.OIDCConfig{
			IssuerURL: req.OIDC.IssuerURL, ClientID: req.OIDC.ClientID,
			ClientSecret: req.OIDC.ClientSecret, Type: req.OIDC.Type,
		}
		conn.Okta = nil
	}
	return ""
}

// updateConnection saves a change; a request without the client secret is
// refused (decision 7) unless the secret-not-required defect is on.
func (s *Server) updateConnection(c *gin.Context) {
	var req connectionRequest
	if !readConsoleJSON(c, &req) {
		return
	}
	msg := ""
	conn, err := s.store.UpdateConnection(c.Param("id"), func(conn *store.Connection) error {
		if msg = s.applyConnection(conn, req, false); msg != "" {
			return errRefused
		}
		return nil
	})
	if msg != "" {
		consoleError(c, http.StatusBadRequest, msg)
		return
	}
	if err != nil {
		consoleStoreError(c, err, "sso connection "+c.Param("id"))
		return
	}
	c.JSON(http.StatusOK, consoleConnection(conn))
}

// deleteConnection removes a connection: its token is revoked and its synced
// users and groups become regular ones.
func (s *Server) deleteConnection(c *gin.Context) {
	id := c.Param("id")
	if err := s.store.DeleteConnection(id); err != nil {
		consoleStoreError(c, err, "sso connection "+id)
		return
	}
	s.store.Unsync(id)
	c.Status(http.StatusNoContent)
}

// syncConnection is POST /v1/sso-connections/{id}/sync. {"sync":true}
// issues a new SCIM token, shown once, and revokes the previous one
// (decision 9). {"sync":false} turns synced users and groups into regular
// ones, keeping memberships and bindings, and revokes the token (decision 8).
func (s *Server) syncConnection(c *gin.Context) {
	var req struct {
		Sync *bool `json:"sync"`
	}
	if !readConsoleJSON(c, &req) {
		return
	}
	if req.Sync == nil {
		consoleError(c, http.StatusBadRequest, `send {"sync": true} or {"sync": false}`)
		return
	}
	id := c.Param("id")
	conn, err := s.store.UpdateConnection(id, func(conn *store.Connection) error {
		conn.IsSynced = *req.Sync
		return nil
	})
	if err != nil {
		consoleStoreError(c, err, "sso connection "+id)
		return
	}
	if !*req.Sync {
		revoked := s.store.RevokeTokens(id)
		users, groups := s.store.Unsync(id)
		s.log.Info("group sync off", "connection_id", id, "tokens_revoked", revoked,
			"users_converted", users, "groups_converted", groups)
		c.JSON(http.StatusOK, gin.H{"connection": consoleConnection(conn)})
		return
	}
	token, err := s.issueToken(conn)
	if err != nil {
		consoleStoreError(c, err, "sso connection "+id)
		return
	}
	s.log.Info("group sync on", "connection_id", id, "token_id", token.ID)
	c.JSON(http.StatusOK, gin.H{"token": token, "connection": consoleConnection(conn)})
}

func (s *Server) issueToken(conn store.Connection) (SCIMToken, error) {
	buf := make([]byte, 24)
	_, _ = rand.Read(buf)
	secret := "castai-scim-" + hex.EncodeToString(buf)
	tok, err := s.store.IssueToken(store.Token{
		ConnectionID: conn.ID,
		Name:         "scim-" + conn.Name,
		Prefix:       tokenPrefix(secret),
		Hash:         hashToken(secret),
	})
	if err != nil {
		return SCIMToken{}, err
	}
	return SCIMToken{
		ID: tok.ID, Name: tok.Name, Token: secret, TokenPrefix: tok.Prefix,
		Active: true, CreatedAt: tok.Created,
	}, nil
}

func newServiceAccountID() string { return uuid.NewString() }

// errRefused aborts a store edit that the request's validation refused.
var errRefused = errors.New("refused")
