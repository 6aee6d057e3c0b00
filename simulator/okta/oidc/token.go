package oidc

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

// tokenResponse is the successful token response (RFC 6749 §5.1, OIDC Core
// §3.1.3.3).
type tokenResponse struct {
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in"`
	AccessToken  string `json:"access_token"`
	Scope        string `json:"scope"`
	IDToken      string `json:"id_token,omitempty"`
	RefreshToken string `json:"refresh_token,omitempty"`
}

// grant is what a token response is issued for.
type grant struct {
	client   Client
	subject  Subject
	scopes   []string
	grantID  string
	authTime time.Time
	nonce    string
	// refreshToken is kept when a refresh token is used (not rotated).
	refreshToken string
}

func (p *Provider) registerTokenRoutes(r gin.IRouter) {
	r.POST(PathToken, p.handleToken)
}

// handleToken runs the token endpoint (RFC 6749 §3.2).
func (p *Provider) handleToken(c *gin.Context) {
	client, err := p.authenticateClient(c)
	if err != nil {
		p.tokenError(c, "", err)
		return
	}

	var resp tokenResponse
	grantType := c.PostForm("grant_type")
	switch {
	case grantType == "":
		err = badRequest(errInvalidRequest, "The 'grant_type' parameter is required.")
	case grantType != GrantAuthorizationCode && grantType != GrantRefreshToken:
		err = badRequest(errUnsupportedGrantType,
			"The grant type '"+grantType+"' is not supported.")
	case !client.allowsGrant(grantType):
		err = badRequest(errUnauthorizedClient,
			"The client is not authorized to use the grant type '"+grantType+"'.")
	case grantType == GrantAuthorizationCode:
		resp, err = p.exchangeCode(c, client)
	default:
		resp, err = p.refresh(c, client)
	}
	if err != nil {
		p.tokenError(c, client.ID, err)
		return
	}
	noStore(c)
	c.JSON(http.StatusOK, resp)
}

func (p *Provider) tokenError(c *gin.Context, clientID string, err error) {
	oe := asOAuthError(err)
	if oe.status >= http.StatusInternalServerError {
		p.cfg.Logger.Error("oidc token request failed", "client_id", clientID, "err", err)
	} else {
		p.cfg.Logger.Info("oidc token request refused", "client_id", clientID,
			"error", oe.code, "detail", oe.description)
	}
	renderJSONError(c, oe)
}

// exchangeCode runs the authorization_code grant (RFC 6749 §4.1.3, RFC 7636
// §4.6). Malformed requests are refused before the code is consumed.
func (p *Provider) exchangeCode(c *gin.Context, client Client) (tokenResponse, error) {
	code, redirectURI := c.PostForm("code"), c.PostForm("redirect_uri")
	verifier := c.PostForm("code_verifier")
	switch {
	case code == "":
		return tokenResponse{}, badRequest(errInvalidRequest, "The 'code' parameter is required.")
	case redirectURI == "":
		return tokenResponse{}, badRequest(errInvalidRequest,
			"The 'redirect_uri' parameter is required.")
	case verifier != "" && !pkceValue.MatchString(verifier):
		return tokenResponse{}, badRequest(errInvalidRequest, "The PKCE code_verifier is malformed.")
	}

	rec, err := p.store.redeemCode(code, p.cfg.Now())
	if err != nil {
		return tokenResponse{}, err
	}
	if err := checkCode(rec, client, redirectURI, verifier); err != nil {
		return tokenResponse{}, err
	}
	subject, err := p.grantSubject(c, client.ID, rec.userID)
	if err != nil {
		return tokenResponse{}, err
	}
	return p.issue(grant{
		client: client, subject: subject, scopes: rec.req.scopes, grantID: rec.grantID,
		authTime: rec.authTime, nonce: rec.req.nonce,
	})
}

// checkCode binds a redeemed code to its client, redirect URI and PKCE
// challenge.
func checkCode(rec authCode, client Client, redirectURI, verifier string) error {
	switch {
	case rec.req.clientID != client.ID:
		return badRequest(errInvalidGrant, "The authorization code was issued to another client.")
	case rec.req.redirectURI != redirectURI:
		return badRequest(errInvalidGrant,
			"The 'redirect_uri' does not match the one of the authorization request.")
	case rec.req.codeChallenge == "" && verifier != "":
		// A verifier without a challenge hints at a PKCE downgrade.
		return badRequest(errInvalidGrant,
			"A code_verifier was sent but the authorization request had no code_challenge.")
	case rec.req.codeChallenge != "" && verifier == "":
		return badRequest(errInvalidGrant, "The PKCE code_verifier is required.")
	case rec.req.codeChallenge != "" && !pkceMatches(rec.req.codeChallenge, verifier):
		return badRequest(errInvalidGrant, "PKCE verification failed.")
	}
	return nil
}

// pkceMatches checks BASE64URL(SHA256(verifier)) == challenge (RFC 7636 §4.6).
func pkceMatches(challenge, verifier string) bool {
	sum := sha256.Sum256([]byte(verifier))
	got := base64.RawURLEncoding.EncodeToString(sum[:])
	return subtle.ConstantTimeCompare([]byte(got), []byte(challenge)) == 1
}

// grantSubject returns the user a grant is for, refusing users that are no
// longer active or assigned.
func (p *Provider) grantSubject(c *gin.Context, clientID, userID string) (Subject, error) {
	ctx := c.Request.Context()
	subject, err := p.dir.Subject(ctx, userID)
	switch {
	case errors.Is(err, ErrUnknownUser):
		return Subject{}, badRequest(errInvalidGrant, "The user no longer exists.")
	case err != nil:
		return Subject{}, err
	case !subject.Active:
		return Subject{}, badRequest(errInvalidGrant, "The user is not active.")
	case !p.dir.Assigned(ctx, clientID, userID):
		return Subject{}, badRequest(errInvalidGrant, MessageNotAssigned)
	}
	return subject, nil
}

// refresh runs the refresh_token grant (RFC 6749 §6). The refresh token is
// kept, as Okta does with persistent refresh tokens.
func (p *Provider) refresh(c *gin.Context, client Client) (tokenResponse, error) {
	value := c.PostForm("refresh_token")
	if value == "" {
		return tokenResponse{}, badRequest(errInvalidRequest,
			"The 'refresh_token' parameter is required.")
	}
	tok, ok := p.store.token(value, p.cfg.Now())
	if !ok || tok.kind != refreshToken || tok.clientID != client.ID {
		return tokenResponse{}, badRequest(errInvalidGrant,
			"The refresh token is invalid or expired.")
	}

	scopes := tok.scopes
	if requested := strings.Fields(c.PostForm("scope")); len(requested) > 0 {
		for _, s := range requested {
			if !slices.Contains(tok.scopes, s) {
				return tokenResponse{}, badRequest(errInvalidScope,
					"The scope '"+s+"' was not granted to this refresh token.")
			}
		}
		scopes = requested
	}
	subject, err := p.grantSubject(c, client.ID, tok.userID)
	if err != nil {
		return tokenResponse{}, err
	}
	return p.issue(grant{
		client: client, subject: subject, scopes: scopes, grantID: tok.grantID,
		authTime: tok.authTime, refreshToken: value,
	})
}

// issue mints the access token, the ID token and, for offline_access, a
// refresh token.
func (p *Provider) issue(g grant) (tokenResponse, error) {
	now := p.cfg.Now()
	base := token{
		clientID: g.client.ID, userID: g.subject.ID, scopes: g.scopes, grantID: g.grantID,
		authTime: g.authTime, issued: now,
	}
	access := base
	access.kind, access.expires = accessToken, now.Add(p.cfg.AccessTokenTTL)
	resp := tokenResponse{
		TokenType:   "Bearer",
		ExpiresIn:   int(p.cfg.AccessTokenTTL.Seconds()),
		AccessToken: p.store.issueToken(access, now),
		Scope:       strings.Join(g.scopes, " "),
	}

	idToken, err := p.idToken(idTokenInput{
		clientID: g.client.ID, subject: g.subject, scopes: g.scopes, nonce: g.nonce,
		authTime: g.authTime, accessToken: resp.AccessToken,
	})
	if err != nil {
		return tokenResponse{}, err
	}
	resp.IDToken = idToken

	resp.RefreshToken = g.refreshToken
	if resp.RefreshToken == "" && slices.Contains(g.scopes, scopeOfflineAccess) &&
		g.client.allowsGrant(GrantRefreshToken) {
		refresh := base
		refresh.kind, refresh.expires = refreshToken, now.Add(p.cfg.RefreshTTL)
		resp.RefreshToken = p.store.issueToken(refresh, now)
	}
	p.cfg.Logger.Debug("oidc tokens issued", "client_id", g.client.ID, "user_id", g.subject.ID,
		"refresh", resp.RefreshToken != "")
	return resp, nil
}
