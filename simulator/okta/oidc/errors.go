package oidc

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"
)

// OAuth 2.0 and OIDC error codes (RFC 6749 §4.1.2.1 and §5.2, RFC 6750 §3.1,
// OIDC Core §3.1.2.6).
const (
	errInvalidRequest          = "invalid_request"
	errInvalidClient           = "invalid_client"
	errInvalidGrant            = "invalid_grant"
	errUnauthorizedClient      = "unauthorized_client"
	errUnsupportedGrantType    = "unsupported_grant_type"
	errUnsupportedResponseType = "unsupported_response_type"
	errInvalidScope            = "invalid_scope"
	errAccessDenied            = "access_denied"
	errLoginRequired           = "login_required"
	errInvalidToken            = "invalid_token"
	errServerError             = "server_error"
)

// oauthError is a protocol error. Handlers return it; one renderer per
// channel (JSON body, redirect, HTML page) turns it into a response.
type oauthError struct {
	code        string
	description string
	status      int
	// challenge, when set, is sent as WWW-Authenticate (RFC 6749 §5.2 for
	// client_secret_basic, RFC 6750 §3 for bearer tokens).
	challenge string
}

func (e *oauthError) Error() string { return e.code + ": " + e.description }

func newError(code string, status int, description string) *oauthError {
	return &oauthError{code: code, description: description, status: status}
}

func badRequest(code, description string) *oauthError {
	return newError(code, http.StatusBadRequest, description)
}

// asOAuthError turns any error into a protocol error; an unexpected one
// becomes server_error without its detail.
func asOAuthError(err error) *oauthError {
	var oe *oauthError
	if errors.As(err, &oe) {
		return oe
	}
	return newError(errServerError, http.StatusInternalServerError,
		"The server encountered an internal error.")
}

// renderJSONError writes the RFC 6749 §5.2 body.
func renderJSONError(c *gin.Context, err error) {
	oe := asOAuthError(err)
	if oe.challenge != "" {
		c.Header("WWW-Authenticate", oe.challenge)
	}
	noStore(c)
	c.JSON(oe.status, gin.H{"error": oe.code, "error_description": oe.description})
}

// redirectError sends an authorization error back to the client's verified
// redirect URI (RFC 6749 §4.1.2.1).
func redirectError(c *gin.Context, redirectURI, state string, err error) {
	oe := asOAuthError(err)
	q := url.Values{"error": {oe.code}, "error_description": {oe.description}}
	if state != "" {
		q.Set("state", state)
	}
	c.Redirect(http.StatusFound, withQuery(redirectURI, q))
}

// withQuery adds q to a redirect URI that may already carry a query.
func withQuery(uri string, q url.Values) string {
	u, err := url.Parse(uri)
	if err != nil {
		return uri
	}
	merged := u.Query()
	for k, vs := range q {
		merged[k] = vs
	}
	u.RawQuery = merged.Encode()
	return u.String()
}

func noStore(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	c.Header("Pragma", "no-cache")
}
