package castai

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/oauth2"

	"github.com/idpsim/idpsim/scim"
	"github.com/idpsim/idpsim/simulator/castai/store"
)

// idClaims are the ID token claims castsim reads (OIDC Core §5.1).
type idClaims struct {
	Subject           string `json:"sub"`
	Email             string `json:"email"`
	Name              string `json:"name"`
	GivenName         string `json:"given_name"`
	FamilyName        string `json:"family_name"`
	PreferredUsername string `json:"preferred_username"`
}

// authFailure is a refused sign-in: the status and the message shown.
type authFailure struct {
	status int
	msg    string
}

func (f *authFailure) Error() string { return f.msg }

func refuse(status int, format string, args ...any) *authFailure {
	return &authFailure{status: status, msg: fmt.Sprintf(format, args...)}
}

// SignIn is the JSON answer of a successful callback for API clients.
type SignIn struct {
	SessionToken string      `json:"sessionToken"`
	ExpiresAt    time.Time   `json:"expiresAt"`
	User         ConsoleUser `json:"user"`
	NewJoiner    bool        `json:"newJoiner"`
}

// callback is GET /v1/auth/callback, where the IdP sends the browser back.
// It checks the state against the pending sign-in and the browser's login
// cookie, exchanges the code with the PKCE verifier, verifies the ID token
// (signature, issuer, audience, expiry, nonce), then signs the user in and
// opens a session: a cookie, and the same token in a JSON answer for
// clients that accept JSON.
func (s *Server) callback(c *gin.Context) {
	s.setCookie(c, LoginCookie, "", "/v1/auth", -1)
	r, fail := s.completeSignIn(c)
	if fail != nil {
		s.log.Info("sign-in refused", "connection_id", r.pending.ConnectionID,
			"status", fail.status, "reason", fail.msg)
		consoleError(c, fail.status, fail.msg)
		return
	}

	now := s.cfg.Now()
	expires := now.Add(s.cfg.SessionTTL)
	token := s.sessions.open(session{
		UserID: r.user.ID, ConnectionID: r.conn.ID, Created: now, Expires: expires,
	})
	s.log.Info("signed in", "user_id", r.user.ID, "connection_id", r.conn.ID,
		"new_joiner", r.joined)
	s.setCookie(c, SessionCookie, token, "/", int(s.cfg.SessionTTL/time.Second))
	if strings.Contains(c.GetHeader("Accept"), "application/json") {
		c.JSON(http.StatusOK, SignIn{
			SessionToken: token, ExpiresAt: expires, User: s.membership(r.user).User,
			NewJoiner: r.joined,
		})
		return
	}
	c.Redirect(http.StatusSeeOther, r.pending.ReturnTo)
}

// signInResult is a callback that went through: who signed in, how.
type signInResult struct {
	pending pendingLogin
	conn    store.Connection
	user    store.User
	joined  bool // a new joiner was created
}

// completeSignIn runs the callback's checks in order and stops at the first
// refusal.
func (s *Server) completeSignIn(c *gin.Context) (r signInResult, fail *authFailure) {
	if r.pending, fail = s.takeLogin(c); fail != nil {
		return r, fail
	}
	if fail = idpError(c); fail != nil {
		return r, fail
	}
	if r.conn, fail = s.loginConnectionOf(r.pending); fail != nil {
		return r, fail
	}
	claims, fail := s.exchange(c.Request.Context(), r.conn, r.pending, c.Query("code"))
	if fail != nil {
		return r, fail
	}
	r.user, r.joined, fail = s.signIn(r.conn, claims)
	return r, fail
}

// takeLogin consumes the pending sign-in named by the state parameter, which
// must also be the value of this browser's login cookie (CSRF, RFC 6749
// §10.12).
func (s *Server) takeLogin(c *gin.Context) (pendingLogin, *authFailure) {
	state := c.Query("state")
	if state == "" {
		return pendingLogin{}, refuse(http.StatusBadRequest,
			"the callback has no state: start signing in at /v1/auth/login")
	}
	cookie, _ := c.Cookie(LoginCookie)
	p, ok := s.logins.take(state, s.cfg.Now())
	if !ok {
		return pendingLogin{}, refuse(http.StatusBadRequest, "the sign-in expired or was "+
			"already used: start again at /v1/auth/login")
	}
	if subtle.ConstantTimeCompare([]byte(cookie), []byte(state)) != 1 {
		return p, refuse(http.StatusBadRequest, "the sign-in was started in another browser "+
			"(the state does not match the castsim_login cookie): start again at /v1/auth/login")
	}
	return p, nil
}

// idpError turns an error the IdP sent back (RFC 6749 §4.1.2.1) into a
// refusal.
func idpError(c *gin.Context) *authFailure {
	code := c.Query("error")
	if code == "" {
		if c.Query("code") == "" {
			return refuse(http.StatusBadRequest, "the callback has neither code nor error")
		}
		return nil
	}
	msg := "the identity provider refused the sign-in: " + code
	if d := c.Query("error_description"); d != "" {
		msg += ": " + d
	}
	return refuse(http.StatusForbidden, "%s", msg)
}

func (s *Server) loginConnectionOf(p pendingLogin) (store.Connection, *authFailure) {
	conn, err := s.store.Connection(p.ConnectionID)
	if err != nil || issuer(conn) == "" {
		return store.Connection{}, refuse(http.StatusBadRequest,
			"the SSO connection of this sign-in no longer exists")
	}
	return conn, nil
}

// exchange trades the code for tokens at the IdP and verifies the ID token.
func (s *Server) exchange(ctx context.Context, conn store.Connection, p pendingLogin,
	code string,
) (idClaims, *authFailure) {
	rp, err := s.relyingParty(ctx, conn)
	if err != nil {
		return idClaims{}, refuse(http.StatusBadGateway, "cannot reach the identity provider: %v", err)
	}
	ctx, cancel := context.WithTimeout(ctx, idpTimeout)
	defer cancel()
	ctx = context.WithValue(ctx, oauth2.HTTPClient, s.idps.hc)
	tok, err := rp.oauth.Exchange(ctx, code, oauth2.VerifierOption(p.Verifier))
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		return idClaims{}, refuse(http.StatusUnauthorized, "the identity provider refused the "+
			"code: %s %s", re.ErrorCode, re.ErrorDescription)
	}
	if err != nil {
		return idClaims{}, refuse(http.StatusBadGateway, "exchange the code: %v", err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return idClaims{}, refuse(http.StatusBadGateway, "the identity provider sent no ID token")
	}
	idt, err := rp.verifier.Verify(ctx, raw)
	if err != nil {
		return idClaims{}, refuse(http.StatusUnauthorized, "the ID token is not valid: %v", err)
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(p.Nonce)) != 1 {
		return idClaims{}, refuse(http.StatusUnauthorized,
			"the ID token's nonce is not the one of this sign-in")
	}
	var cl idClaims
	if err := idt.Claims(&cl); err != nil {
		return idClaims{}, refuse(http.StatusBadGateway, "read the ID token's claims: %v", err)
	}
	if cl.Email == "" && cl.PreferredUsername == "" {
		return idClaims{}, refuse(http.StatusForbidden,
			"the ID token names no email: grant the email scope to castsim's client")
	}
	return cl, nil
}

// signIn finds the user the claims name or, for a first sign-in, creates a
// new joiner with the connection's default role (decision 3). A user whose
// scimActive is false is refused (decision 4).
func (s *Server) signIn(conn store.Connection, cl idClaims) (store.User, bool, *authFailure) {
	if u, ok := s.userOf(cl); ok {
		if !u.Active && !s.defects.on(DefectInactiveCanSignIn) {
			return store.User{}, false, refuse(http.StatusForbidden, "user %s is inactive in "+
				"Cast AI (deactivated in the identity provider) and cannot sign in", u.UserName)
		}
		return u, false, nil
	}
	userName := cl.Email
	if userName == "" {
		userName = cl.PreferredUsername
	}
	u := store.User{
		UserName:    userName,
		Name:        scim.Name{GivenName: cl.GivenName, FamilyName: cl.FamilyName},
		DisplayName: cl.Name, Active: true, ConnectionID: conn.ID,
	}
	if cl.Email != "" {
		u.Emails = []scim.Email{{Value: cl.Email, Type: "work", Primary: true}}
	}
	created, err := s.store.CreateUser(u)
	if err != nil {
		return store.User{}, false, refuse(http.StatusConflict, "create the new joiner %s: %v",
			userName, err)
	}
	s.grantNewJoiner(created, conn)
	return created, true, nil
}

// userOf finds the user of the claims by userName: the IdP login
// (preferred_username) first, then the email.
func (s *Server) userOf(cl idClaims) (store.User, bool) {
	for _, key := range []string{cl.PreferredUsername, cl.Email} {
		if key == "" {
			continue
		}
		if found := s.store.UsersByUserName(key); len(found) > 0 {
			return found[0], true
		}
	}
	return store.User{}, false
}
