package oidc

import (
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"
)

// userInfo is the UserInfo response (OIDC Core §5.3.2); claims follow the
// scopes of the access token.
type userInfo struct {
	Subject           string   `json:"sub"`
	Name              string   `json:"name,omitempty"`
	PreferredUsername string   `json:"preferred_username,omitempty"`
	GivenName         string   `json:"given_name,omitempty"`
	FamilyName        string   `json:"family_name,omitempty"`
	Email             string   `json:"email,omitempty"`
	EmailVerified     *bool    `json:"email_verified,omitempty"`
	Groups            []string `json:"groups,omitempty"`
}

func (p *Provider) registerUserInfoRoutes(r gin.IRouter) {
	r.GET(PathUserInfo, p.handleUserInfo)
	r.POST(PathUserInfo, p.handleUserInfo)
}

// handleUserInfo answers for a live access token of an active user; anything
// else is 401 invalid_token (RFC 6750 §3.1).
func (p *Provider) handleUserInfo(c *gin.Context) {
	value, ok := bearerToken(c.Request)
	if !ok {
		p.bearerError(c, newError("", http.StatusUnauthorized, "An access token is required."))
		return
	}
	tok, ok := p.store.token(value, p.cfg.Now())
	if !ok || tok.kind != accessToken {
		p.bearerError(c, newError(errInvalidToken, http.StatusUnauthorized,
			"The access token is invalid or expired."))
		return
	}
	subject, err := p.dir.Subject(c.Request.Context(), tok.userID)
	if err != nil || !subject.Active {
		p.bearerError(c, newError(errInvalidToken, http.StatusUnauthorized,
			"The user is not active."))
		return
	}

	noStore(c)
	c.JSON(http.StatusOK, userInfoFor(subject, tok.scopes))
}

func userInfoFor(subject Subject, scopes []string) userInfo {
	info := userInfo{Subject: subject.ID}
	if slices.Contains(scopes, scopeProfile) {
		info.Name, info.PreferredUsername = subject.Name, subject.Login
		info.GivenName, info.FamilyName = subject.GivenName, subject.FamilyName
	}
	if slices.Contains(scopes, scopeEmail) {
		verified := true
		info.Email, info.EmailVerified = subject.Email, &verified
	}
	if slices.Contains(scopes, scopeGroups) {
		info.Groups = nonNil(subject.Groups)
	}
	return info
}

// bearerToken reads "Authorization: Bearer <token>" (RFC 6750 §2.1).
func bearerToken(r *http.Request) (string, bool) {
	scheme, value, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(value) == "" {
		return "", false
	}
	return strings.TrimSpace(value), true
}

// bearerError answers with a Bearer challenge (RFC 6750 §3). A request
// without a token gets a challenge without an error code (§3.1).
func (p *Provider) bearerError(c *gin.Context, oe *oauthError) {
	challenge := `Bearer realm="` + p.cfg.Issuer + `"`
	if oe.code != "" {
		challenge += `, error="` + oe.code + `", error_description="` + oe.description + `"`
	}
	c.Header("WWW-Authenticate", challenge)
	noStore(c)
	if oe.code == "" {
		c.Status(oe.status)
		return
	}
	c.JSON(oe.status, gin.H{"error": oe.code, "error_description": oe.description})
}
