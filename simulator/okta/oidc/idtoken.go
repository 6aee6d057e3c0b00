package oidc

import (
	"crypto/sha256"
	"encoding/base64"
	"slices"
	"time"

	"github.com/go-jose/go-jose/v4/jwt"
)

// Scopes the provider knows (Okta's org authorization server set).
const (
	scopeOpenID        = "openid"
	scopeProfile       = "profile"
	scopeEmail         = "email"
	scopeGroups        = "groups"
	scopeOfflineAccess = "offline_access"
)

var supportedScopes = []string{
	scopeOpenID, scopeProfile, scopeEmail, scopeGroups, scopeOfflineAccess,
}

// idClaims is an ID token's body (OIDC Core §2, §5.1). Profile, email and
// groups claims appear with their scopes, as Okta's org server does.
type idClaims struct {
	jwt.Claims
	AuthTime          int64    `json:"auth_time,omitempty"`
	Nonce             string   `json:"nonce,omitempty"`
	AtHash            string   `json:"at_hash,omitempty"`
	AMR               []string `json:"amr,omitempty"`
	Version           int      `json:"ver,omitempty"`
	Email             string   `json:"email,omitempty"`
	EmailVerified     *bool    `json:"email_verified,omitempty"`
	Name              string   `json:"name,omitempty"`
	PreferredUsername string   `json:"preferred_username,omitempty"`
	Groups            []string `json:"groups,omitempty"`
}

// idTokenInput is what an ID token is made of.
type idTokenInput struct {
	clientID    string
	subject     Subject
	scopes      []string
	nonce       string
	authTime    time.Time
	accessToken string
}

func (p *Provider) idToken(in idTokenInput) (string, error) {
	now := p.cfg.Now()
	claims := idClaims{
		Claims: jwt.Claims{
			Issuer:   p.cfg.Issuer,
			Subject:  in.subject.ID,
			Audience: jwt.Audience{in.clientID},
			IssuedAt: jwt.NewNumericDate(now),
			Expiry:   jwt.NewNumericDate(now.Add(p.cfg.IDTokenTTL)),
			ID:       "ID." + randomValue()[:22],
		},
		AuthTime: in.authTime.Unix(),
		Nonce:    in.nonce,
		AtHash:   atHash(in.accessToken),
		AMR:      []string{"pwd"},
		Version:  1,
	}
	if slices.Contains(in.scopes, scopeProfile) {
		claims.Name = in.subject.Name
		claims.PreferredUsername = in.subject.Login
	}
	if slices.Contains(in.scopes, scopeEmail) {
		claims.Email = in.subject.Email
		verified := true
		claims.EmailVerified = &verified
	}
	if slices.Contains(in.scopes, scopeGroups) {
		claims.Groups = nonNil(in.subject.Groups)
	}
	return p.keys.sign(claims)
}

// atHash is the left half of the access token's SHA-256 (OIDC Core
// §3.1.3.6), base64url encoded.
func atHash(accessToken string) string {
	if accessToken == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(accessToken))
	return base64.RawURLEncoding.EncodeToString(sum[:len(sum)/2])
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
